// The OpenAPI document and /docs as served (offline, from the installed package, under the CSP), real
// answers checked against the document's own schemas, and CORS: closed by default, open to a named origin.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestHarness, type RestHarness } from './rest-harness';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
let h: RestHarness;
let readKey: string;

beforeAll(async () => {
  h = await startRestHarness({ door: { corsOrigins: [EXTENSION] } });
  readKey = h.key('read');
});

afterAll(async () => {
  await h?.close();
});

describe('OpenAPI document', () => {
  it('is served without a key, and real answers match the schemas it documents', async () => {
    const doc = await h.send('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const check = async (path: string, docPath: string) => {
      const r = await h.send('GET', path, { key: readKey });
      expect(r.status, r.text).toBe(200);
      const validate = ajv.compile(doc.json.paths[docPath].get.responses['200'].content['application/json'].schema);
      expect(validate(r.json) ? [] : validate.errors, path).toEqual([]);
    };
    await check('/api/v1/posture', '/api/v1/posture');
    await check('/api/v1/posture/devices/cam-lobby-01', '/api/v1/posture/devices/{device_id}');
    await check('/api/v1/devices?limit=3', '/api/v1/devices');
    await check('/api/v1/signals?cursor=0', '/api/v1/signals');
  });
});

describe('/docs', () => {
  it('serves the page and its assets from the installed swagger-ui-dist, with no address off this machine', async () => {
    const page = await h.send('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const refs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) expect(ref.startsWith('/docs/'), ref).toBe(true);
    expect(page.text).not.toMatch(/<script>[^<]/);
    const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const bundle = await h.send('GET', '/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(bundle.text).toBe(readFileSync(join(dist, 'swagger-ui-bundle.js'), 'utf8'));
    const init = await h.send('GET', '/docs/init.js');
    expect(init.text).toContain('/api/v1/openapi.json');
    expect((await h.send('GET', '/docs/swagger-ui.css')).status).toBe(200);
    // Only the files the page needs: nothing else of the package, nothing outside it.
    expect((await h.send('GET', '/docs/package.json')).status).toBe(404);
    expect((await h.send('GET', '/docs/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

describe('CORS', () => {
  it('refuses a browser request from any origin not named, with 403 and no CORS header', async () => {
    const r = await h.send('GET', '/api/v1/posture', { key: readKey, headers: { Origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const other = await h.send('GET', '/api/v1/posture', { key: readKey, headers: { Origin: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba' } });
    expect(other.status).toBe(403);
  });

  it('answers the named origin\'s preflight and calls with its CORS headers, still needing a key', async () => {
    const pre = await h.send('OPTIONS', '/api/v1/posture', { headers: { Origin: EXTENSION, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-org-key' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(EXTENSION);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('X-Org-Key');
    const r = await h.send('GET', '/api/v1/posture', { key: readKey, headers: { Origin: EXTENSION } });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe(EXTENSION);
    const noKey = await h.send('GET', '/api/v1/posture', { headers: { Origin: EXTENSION } });
    expect(noKey.status).toBe(401);
    // The console's own API stays closed to it.
    expect((await h.send('POST', '/api/ops/system.stats', { body: {}, headers: { Origin: EXTENSION } })).status).toBe(403);
  });

  it('still checks Host (DNS rebinding) for the named origin', async () => {
    const r = await h.send('GET', '/api/v1/posture', { key: readKey, headers: { Origin: EXTENSION, Host: 'evil.example:80' } });
    expect(r.status).toBe(403);
  });
});
