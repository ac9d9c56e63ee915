// The AI posture spec's enforcement layer over the real /api/v1 door: GET /api/v1/enforcement/gap-scan with a
// read key; POST /api/v1/enforcement/webhook signed with an enforcement endpoint's secret (HMAC over
// "<timestamp>.<raw body>", as Threatmatic signs what it sends) records the gateway's decisions into the agent's
// activity and the live feed, and blocked calls cost the agent score; a bad signature, a stale timestamp or an
// unknown endpoint is refused 401, audited, and records nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { signature } from '../../src-main/engine/enforcement/signing';
import { testLogger } from '../support/test-logger';
import { auditOf, startRestHarness, type RestHarness } from './rest-harness';

const SECRET = 'gateway-secret-0123456789';
let h: RestHarness;
afterEach(async () => h?.close());

describe('agent-tool enforcement over REST', () => {
  it('issue 11 done: the SDK agent\'s trifecta names a tool per leg; blocking its email tool takes it out of the gap scan and raises its score; the posture and the brief say so', async () => {
    h = await startRestHarness();
    const sdk = h.key('assets:write', { name: 'inbox-assistant SDK' });
    const admin = h.key('admin');
    const reader = h.key('read');
    const reg = await h.send('POST', '/api/v1/assets', { key: sdk, body: { kind: 'agent', name: 'inbox-assistant', owner: 'ops@example.com', models: ['gpt-4o'], tools: ['files/read_file', 'browser/fetch_page', 'mail/send_email'] } });
    expect(reg.status).toBe(200);
    const id = reg.json.asset.id as string;
    const trifecta = (await h.send('GET', `/api/v1/ai/anomalies?type=lethal_trifecta`, { key: reader })).json;
    expect(trifecta.anomalies[0]).toMatchObject({ subject_id: id, severity: 'critical', evidence: { legs: { private_data: ['files/read_file'], untrusted_content: ['browser/fetch_page'], external_comms: ['mail/send_email'] } } });
    const before = (await h.send('GET', `/api/v1/ai/agents/${id}/posture`, { key: reader })).json;
    expect((await h.send('GET', '/api/v1/enforcement/gap-scan', { key: reader })).json.gaps.map((g: { tool: string }) => g.tool)).toContain('mail/send_email');

    const policy = await h.send('POST', '/api/v1/policies', { key: admin, body: { name: 'inbox-assistant: no email', rules: [{ identity_type: 'agent', identity_id: id, action: 'block', destination: 'tool:mail/send_email' }] } });
    expect(policy.status).toBe(200);
    const decision = await h.send('GET', `/api/v1/access/evaluate?identity_type=agent&identity_id=${id}&destination=${encodeURIComponent('tool:mail/send_email')}`, { key: admin });
    expect(decision.json).toMatchObject({ decision: 'block', deciding_policy_id: policy.json.policy_id });
    expect((await h.send('GET', '/api/v1/enforcement/gap-scan', { key: reader })).json.gaps.map((g: { tool: string }) => g.tool)).not.toContain('mail/send_email');
    const after = (await h.send('GET', `/api/v1/ai/agents/${id}/posture`, { key: reader })).json;
    expect(after.score).toBeGreaterThan(before.score);

    const posture = (await h.send('GET', '/api/v1/posture', { key: reader })).json;
    expect(posture.ai.score).toEqual(expect.any(Number));
    expect(Object.fromEntries(posture.ai.dimensions.map((d: { dimension: string; assessed: boolean; score: number | null }) => [d.dimension, d.assessed ? d.score : 'not assessed'])))
      .toEqual({ agent: after.score, mcp: 'not assessed', shadow: 'not assessed' });
    expect((await h.send('GET', '/api/v1/posture/brief', { key: reader })).json.brief).toContain('inbox-assistant');
  });

  it('lists the gaps, takes signed gateway decisions into the activity and the feed, and refuses unsigned ones', async () => {
    h = await startRestHarness();
    const admin = h.key('admin');
    const reader = h.key('read');
    const agent = (await h.send('POST', '/api/v1/assets', { key: admin, body: { kind: 'agent', name: 'inbox-assistant', owner: 'ops', models: ['gpt-4o'], tools: ['fs/read_file', 'web/fetch_page', 'gmail/send_email'] } })).json.asset.id as string;
    const scan = await h.send('GET', '/api/v1/enforcement/gap-scan?limit=2', { key: reader });
    expect(scan.status).toBe(200);
    expect(scan.json.gaps.map((g: { tool: string }) => g.tool)).toEqual(['gmail/send_email', 'web/fetch_page']);
    expect(scan.json.total).toBe(3);

    const endpoint = (await h.send('POST', '/api/v1/enforcement/endpoints', { key: admin, body: { url: 'http://127.0.0.1:9/gw', secret: SECRET } }));
    expect(endpoint.status).toBe(200);
    const endpointId = endpoint.json.endpoint_id as string;
    const body = JSON.stringify({ decisions: [
      { agent_id: agent, server: 'gmail', tool: 'send_email', decision: 'blocked', policy_id: 'pol_x', reason: 'external recipient' },
      { agent_id: agent, server: 'gmail', tool: 'send_email', decision: 'blocked' },
      { agent_id: agent, server: 'fs', tool: 'read_file', decision: 'allowed' },
      { agent_id: agent, server: 'web', tool: 'fetch_page', decision: 'redacted' },
    ] });
    const now = Math.floor(h.engine.clock.now() / 1000);
    const signed = (ts: number, secret = SECRET, id = endpointId) => ({ 'X-Threatmatic-Endpoint': id, 'X-Threatmatic-Timestamp': String(ts), 'X-Threatmatic-Signature': signature(secret, ts, body) });
    expect((await h.send('POST', `/api/v1/agents/${agent}/events`, { key: admin, body: { events: [{ type: 'heartbeat' }] } })).status).toBe(200);
    const before = (await h.send('GET', `/api/v1/ai/agents/${agent}/posture`, { key: reader })).json;

    // refused: wrong secret, stale timestamp, unknown endpoint, no headers; nothing recorded
    for (const headers of [signed(now, 'another-secret-0123456789'), signed(now - 600), signed(now, SECRET, 'enf_nope'), {}]) {
      const r = await h.send('POST', '/api/v1/enforcement/webhook', { headers, body });
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
    }
    expect(auditOf(h.engine, 'enforcement.reportDecisions').map((a) => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied']);
    expect((await h.send('GET', `/api/v1/agents/${agent}/events`, { key: reader })).json.total).toBe(1);

    const ok = await h.send('POST', '/api/v1/enforcement/webhook', { headers: signed(now), body });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ accepted: 4, by_decision: { blocked: 2, allowed: 1, redacted: 1, held: 0 }, agents: [agent] });
    const activity = (await h.send('GET', `/api/v1/agents/${agent}/events`, { key: reader })).json;
    expect(activity.summary.blocked).toBe(2);
    expect(activity.events.filter((e: { type: string }) => e.type === 'tool_call').map((e: { outcome: string }) => e.outcome).sort()).toEqual(['blocked', 'blocked', 'ok', 'redacted']);
    const audit = auditOf(h.engine, 'enforcement.reportDecisions').at(-1)!;
    expect(audit).toMatchObject({ actor_type: 'api', actor_id: endpointId, outcome: 'ok' });
    // the live feed holds the three that were not simply allowed
    const feed = h.engine.events.read(0, { limit: 10, filter: { event_type: 'ai_enforcement' } });
    expect(feed.events.map((e) => e.data.decision)).toEqual(['blocked', 'blocked', 'redacted']);
    // blocked calls count against the agent
    const after = (await h.send('GET', `/api/v1/ai/agents/${agent}/posture`, { key: reader })).json;
    expect(after.factors.find((f: { factor: string }) => f.factor === 'blocked_calls')).toMatchObject({ points: -4 });
    expect(after.score).toBe(before.score - 4);
    // an unknown agent refuses the whole report, naming the entry
    const bad = JSON.stringify({ decisions: [{ agent_id: 'agt_nope', tool: 'x', decision: 'blocked' }] });
    const r = await h.send('POST', '/api/v1/enforcement/webhook', { headers: { 'X-Threatmatic-Endpoint': endpointId, 'X-Threatmatic-Timestamp': String(now), 'X-Threatmatic-Signature': signature(SECRET, now, bad) }, body: bad });
    expect(r.status).toBe(404);
    expect(r.json.error.field).toBe('decisions[0].agent_id');
  });

  it('records a signed request once: a replay inside its window is refused 409 and audited, in a second process too, and is stale after it', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
    h = await startRestHarness({ clock });
    h.engine.policy.startBackground();
    const admin = h.key('admin');
    const reader = h.key('read');
    const agent = (await h.send('POST', '/api/v1/assets', { key: admin, body: { kind: 'agent', name: 'mail-bot', owner: 'ops', models: ['gpt-4o'], tools: ['gmail/send_email'] } })).json.asset.id as string;
    const endpointId = (await h.send('POST', '/api/v1/enforcement/endpoints', { key: admin, body: { url: 'http://127.0.0.1:9/gw', secret: SECRET } })).json.endpoint_id as string;
    const body = JSON.stringify({ decisions: [{ agent_id: agent, server: 'gmail', tool: 'send_email', decision: 'blocked', reason: 'external recipient' }] });
    const ts = Math.floor(clock.now() / 1000);
    const headers = { 'X-Threatmatic-Endpoint': endpointId, 'X-Threatmatic-Timestamp': String(ts), 'X-Threatmatic-Signature': signature(SECRET, ts, body) };
    const blocked = async () => (await h.send('GET', `/api/v1/agents/${agent}/events`, { key: reader })).json.summary.blocked as number;
    const fed = () => h.engine.events.read(0, { limit: 10, filter: { event_type: 'ai_enforcement' } }).events.length;

    expect((await h.send('POST', '/api/v1/enforcement/webhook', { headers, body })).status).toBe(200);
    expect([await blocked(), fed()]).toEqual([1, 1]);
    clock.advance(60_000);
    const replay = await h.send('POST', '/api/v1/enforcement/webhook', { headers, body });
    expect(replay.status).toBe(409);
    expect(replay.json.error).toMatchObject({ code: 'conflict', field: 'X-Threatmatic-Signature' });
    expect(replay.json.error.message).toContain('already recorded');
    expect([await blocked(), fed()]).toEqual([1, 1]);
    const audit = auditOf(h.engine, 'enforcement.reportDecisions');
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'error']);
    expect(audit[1]).toMatchObject({ actor_id: endpointId });

    // another process on the same database refuses it too
    const other = Engine.open({ dataDir: h.engine.dataDir!, log: testLogger, clock, scheduler: clock });
    try {
      await expect((async () => dispatch(other, 'enforcement.reportDecisions', { endpoint_id: endpointId, decisions: JSON.parse(body).decisions, signed: { signature: headers['X-Threatmatic-Signature'], timestamp: ts } },
        { actor: { type: 'api', id: endpointId }, scopes: ['admin'] }))()).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      other.close();
    }
    expect([await blocked(), fed()]).toEqual([1, 1]);

    // after the window the timestamp refuses it as stale, and the scheduler has forgotten the signature
    expect(h.engine.enforcement.replays.count()).toBe(1);
    clock.advance(5 * 60_000);
    const stale = await h.send('POST', '/api/v1/enforcement/webhook', { headers, body });
    expect(stale.status).toBe(401);
    expect(h.engine.enforcement.replays.count()).toBe(0);
    expect([await blocked(), fed()]).toEqual([1, 1]);
    // a fresh signature for the same decisions is a new report
    const now = Math.floor(clock.now() / 1000);
    expect((await h.send('POST', '/api/v1/enforcement/webhook', { headers: { ...headers, 'X-Threatmatic-Timestamp': String(now), 'X-Threatmatic-Signature': signature(SECRET, now, body) }, body })).status).toBe(200);
    expect([await blocked(), fed()]).toEqual([2, 2]);
  });
});
