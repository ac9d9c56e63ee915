// The REST door as a user meets it, through the built `threatmatic serve`: curl-style calls with a key,
// the interactive docs at /docs in Debian's Chromium with no request leaving the machine and no CSP
// violation, and a browser EventSource following the signal stream with a stream token.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, launchChromium, repoRoot, serveConsole, tearDown, type Served } from './console-helpers';

let dataDir: string;
let served: Served | undefined;
let browser: Browser | undefined;
let readKey: string;
let blockKey: string;

const createKey = (scopes: string) => (JSON.parse(execFileSync(process.execPath, [builtCli(), 'keys', 'create', '--name', `e2e-${scopes}`, '--scopes', scopes, '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' })) as { key: string }).key;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-rest-e2e-'));
  execFileSync(process.execPath, [builtCli(), 'simulate', '--devices', '20', '--hours', '24', '--seed', '3', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  readKey = createKey('read');
  blockKey = createKey('destination:block');
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
});

afterAll(async () => {
  await tearDown(browser, served, dataDir);
});

const base = () => `http://127.0.0.1:${served!.port}`;

describe('REST API through threatmatic serve', () => {
  it('answers GET /api/v1/posture with the fleet posture under fleet for a key sent as X-Org-Key', async () => {
    const res = await fetch(`${base()}/api/v1/posture`, { headers: { 'X-Org-Key': readKey } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fleet: { device_count: number; score: number } };
    expect(body.fleet.device_count).toBe(20);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });

  it('shows every operation at /docs, offline and within the CSP', async () => {
    const page = await browser!.newPage();
    const offHost: string[] = [];
    const violations: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.host !== `127.0.0.1:${served!.port}`) offHost.push(r.url());
    });
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    // Every CSP violation the page meets, as the browser reports it to the document.
    await page.addInitScript(() => {
      const g = globalThis as unknown as { cspViolations: string[]; document: { addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void } };
      g.cspViolations = [];
      g.document.addEventListener('securitypolicyviolation', (e) => g.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${base()}/docs`);
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/posture/devices/{device_id}' }).first().waitFor({ timeout: 30_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/api/v1/posture', '/api/v1/signals/stream', '/api/v1/anomalies']));
    expect(offHost).toEqual([]);
    // Open one operation, so its schemas and parameters render too.
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/posture/devices/{device_id}' }).first().click();
    await page.locator('.parameters').first().waitFor({ timeout: 10_000 });
    expect(violations).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await page.close();
  });

  it('feeds a browser EventSource through a stream token, with the cursor as lastEventId', async () => {
    const page = await browser!.newPage();
    await page.goto(`${base()}/docs`);
    const minted = (await (await fetch(`${base()}/api/v1/stream-tokens`, { method: 'POST', headers: { 'X-Org-Key': readKey } })).json()) as { stream_url: string };
    // Start after the newest event now, so the signal below is delivered whenever the stream opens.
    const head = ((await (await fetch(`${base()}/api/v1/signals`, { headers: { 'X-Org-Key': readKey } })).json()) as { next_cursor: number }).next_cursor;
    await page.evaluate((url) => {
      const w = globalThis as unknown as { got: { id: string; type: string }[] };
      w.got = [];
      const es = new EventSource(url);
      es.onmessage = (e) => w.got.push({ id: e.lastEventId, type: (JSON.parse(e.data as string) as { event_type: string }).event_type });
    }, `${minted.stream_url}&event_type=policy&last_event_id=${head}`);
    const blocked = await fetch(`${base()}/api/v1/destinations/block`, { method: 'POST', headers: { 'X-Org-Key': blockKey, 'Content-Type': 'application/json' }, body: JSON.stringify({ destination: 'e2e-c2.bad.example', reason: 'e2e' }) });
    expect(blocked.status).toBe(200);
    const got = await page.waitForFunction(() => (globalThis as unknown as { got: unknown[] }).got.length > 0 && (globalThis as unknown as { got: unknown[] }).got, undefined, { timeout: 10_000 });
    const events = (await got.jsonValue()) as { id: string; type: string }[];
    expect(events[0].type).toBe('policy');
    expect(Number(events[0].id)).toBeGreaterThan(head);
    await page.close();
  });
});
