// Shadow AI over the /api/v1 door: a Squid log ingested, then the services listed and one shown with a
// read key, approve refused to a read key (403, audited) and allowed to an assets:write key, the review
// queue and its decision by path.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, startRestHarness, type RestHarness } from './rest-harness';

let h: RestHarness;
beforeAll(async () => {
  h = await startRestHarness();
  await h.engine.ingest.ingestFile(join(__dirname, '../fixtures/shadow-ai/squid-access.log'), { actor: { type: 'cli', id: 'test' } });
});
afterAll(async () => {
  await h?.close();
});

describe('/api/v1/shadow-ai', () => {
  it('lists and shows services, approves with assets:write only, and decides review items by path', async () => {
    const read = h.key('read');
    const list = await h.send('GET', '/api/v1/shadow-ai/services', { key: read });
    expect(list.status).toBe(200);
    expect(list.json.services.map((s: { id: string; risk: string }) => `${s.id}:${s.risk}`)).toEqual(['unknown:zorblax-assist.ai:HIGH', 'openai:MEDIUM', 'anthropic:MEDIUM']);
    const show = await h.send('GET', '/api/v1/shadow-ai/services/openai', { key: read });
    expect(show.json.users).toEqual(['alice', 'dave']);

    const refused = await h.send('POST', '/api/v1/shadow-ai/services/openai/approve', { key: read, body: { owner: 'it' } });
    expect(refused.status).toBe(403);
    expect(auditOf(h.engine, 'shadowai.approve').at(-1)).toMatchObject({ outcome: 'denied' });
    const ok = await h.send('POST', '/api/v1/shadow-ai/services/openai/approve', { key: h.key('assets:write'), body: { owner: 'it', data_classes: ['email'] } });
    expect(ok.status).toBe(200);
    expect(ok.json.service).toMatchObject({ id: 'openai', risk: 'LOW', registered: true });

    expect((await h.send('GET', '/api/v1/shadow-ai/review', { key: read })).json.items.map((i: { domain: string }) => i.domain)).toEqual(['zorblax-assist.ai']);
    const decided = await h.send('POST', '/api/v1/shadow-ai/review/zorblax-assist.ai', { key: h.key('assets:write'), body: { action: 'dismiss' } });
    expect(decided.status).toBe(200);
    expect(decided.json.item.status).toBe('dismissed');
    expect((await h.send('GET', '/api/v1/shadow-ai/catalogue', { key: read })).json.provenance.commit).toBe('c975ccef9c19f005a3bfa7a33255d1b406deea64');
  });
});
