// The AI asset registry and agent activity intake through dispatch, as doors call them: registration by
// kind and name (again = update), status from the last report, retire, scopes, audit, the event log, and
// contents kept only when capture is on.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type CallContext } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { ManualClock } from '../../../src-main/engine/clock';
import type { UserError } from '../../../src-main/engine/errors';
import { testLogger } from '../../support/test-logger';
import { IDLE_AFTER_MS } from '../../../src-shared/domain/ai-assets';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const SDK: CallContext = { actor: { type: 'mcp_agent', id: 'key_sdk', name: 'support-bot' }, scopes: ['assets:write'] };
const READER: CallContext = { actor: { type: 'mcp_agent', id: 'key_ro' }, scopes: ['read'] };
const ANALYST: CallContext = { actor: { type: 'analyst', id: 'local' } };

let engine: Engine;
let clock: ManualClock;
afterEach(() => engine?.close());

function open() {
  clock = new ManualClock(T0);
  engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
}
const refusal = (fn: () => unknown) => { try { fn(); return null; } catch (e) { return e as UserError; } };
const auditActions = () => (engine.db.prepare('SELECT action, actor_id, params FROM audit_log ORDER BY seq').all() as { action: string; actor_id: string; params: string }[]);

describe('AI asset registry', () => {
  it('registers an agent, and the same name again updates it instead of adding a second', () => {
    open();
    const first = dispatch(engine, 'assets.register', { kind: 'agent', name: 'support-bot', owner: 'cx-team@example.com', framework: 'langchain', models: ['gpt-4o', 'gpt-4o'], tools: ['crm/lookup'] }, SDK);
    expect(first.created).toBe(true);
    expect(first.asset).toMatchObject({ kind: 'agent', name: 'support-bot', status: 'active', owner: 'cx-team@example.com', models: ['gpt-4o'], tools: ['crm/lookup'], capture_contents: false, registered_by: { type: 'mcp_agent', id: 'key_sdk', name: 'support-bot' } });
    expect(first.asset.id).toMatch(/^agt_[0-9A-Z]{26}$/);
    clock.advance(60_000);
    const again = dispatch(engine, 'assets.register', { kind: 'agent', name: 'support-bot', models: ['claude-sonnet-4'] }, SDK);
    expect(again).toMatchObject({ created: false, asset: { id: first.asset.id, models: ['claude-sonnet-4'], owner: 'cx-team@example.com', last_seen_at: new Date(T0 + 60_000).toISOString() } });
    expect(dispatch(engine, 'assets.list', {}, READER).total).toBe(1);
    const server = dispatch(engine, 'assets.register', { kind: 'mcp_server', name: 'filesystem', transport: 'stdio', command: 'npx -y @modelcontextprotocol/server-filesystem /srv', publisher: 'Anthropic' }, ANALYST);
    expect(server.asset.id).toMatch(/^mcp_/);
    expect(dispatch(engine, 'assets.list', { kind: 'mcp_server' }, READER).assets.map((a) => a.name)).toEqual(['filesystem']);
  });

  it('refuses what does not fit: an agent with a launch command, a missing name, a bad URL, an unknown id', () => {
    open();
    expect(refusal(() => dispatch(engine, 'assets.register', { kind: 'agent', name: 'x', command: 'rm -rf /' }, SDK))).toMatchObject({ code: 'invalid_input', field: 'kind' });
    expect(refusal(() => dispatch(engine, 'assets.register', { kind: 'agent', name: '  ' }, SDK))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('name') });
    expect(refusal(() => dispatch(engine, 'assets.register', { kind: 'mcp_server', name: 'web', url: 'not a url' }, SDK))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('url') });
    expect(refusal(() => dispatch(engine, 'assets.get', { asset_id: 'agt_nope' }, READER))).toMatchObject({ code: 'not_found', field: 'asset_id' });
    expect(dispatch(engine, 'assets.list', {}, READER).total).toBe(0);
  });

  it('needs assets:write to register, and an SDK key cannot read the fleet', () => {
    open();
    expect(refusal(() => dispatch(engine, 'assets.register', { kind: 'agent', name: 'a' }, READER))?.code).toBe('forbidden');
    expect(refusal(() => dispatch(engine, 'posture.fleet', {}, SDK))?.code).toBe('forbidden');
    expect(refusal(() => dispatch(engine, 'assets.list', {}, SDK))?.code).toBe('forbidden');
  });

  it('derives status from the last report: active, idle after five quiet minutes, active again on a heartbeat', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'nightly-etl' }, SDK);
    clock.advance(IDLE_AFTER_MS + 1);
    expect(dispatch(engine, 'assets.get', { asset_id: asset.id }, READER).asset.status).toBe('idle');
    expect(dispatch(engine, 'assets.list', { status: 'idle' }, READER).total).toBe(1);
    expect(dispatch(engine, 'assets.list', { status: 'active' }, READER).total).toBe(0);
    const cursor = engine.events.head();
    const r = dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'heartbeat' }] }, SDK);
    expect(r).toMatchObject({ accepted: 1, status: 'active', last_seen_at: new Date(clock.now()).toISOString() });
    expect(dispatch(engine, 'assets.list', { status: 'active' }, READER).total).toBe(1);
    // Coming back is announced once for the live views; the next steady report is not.
    dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'heartbeat' }] }, SDK);
    expect(engine.events.read(cursor).events.map((e) => [e.entity_id, e.data.change])).toEqual([[asset.id, 'active']]);
  });

  it('retires with a reason (kept and listed as retired), audited with the event on the log; registering again reactivates', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'old-bot' }, SDK);
    const cursor = engine.events.head();
    const retired = dispatch(engine, 'assets.retire', { asset_id: asset.id, reason: 'replaced by new-bot' }, ANALYST).asset;
    expect(retired).toMatchObject({ status: 'retired', retired_reason: 'replaced by new-bot', retired_at: new Date(T0).toISOString() });
    expect(engine.events.read(cursor).events.map((e) => [e.event_type, e.entity_id, e.data.change])).toEqual([['asset', asset.id, 'retired']]);
    expect(dispatch(engine, 'assets.list', { status: 'retired' }, READER).assets.map((a) => a.id)).toEqual([asset.id]);
    const back = dispatch(engine, 'assets.register', { kind: 'agent', name: 'old-bot' }, SDK);
    expect(back).toMatchObject({ created: false, asset: { id: asset.id, status: 'active', retired_at: null } });
    expect(auditActions().map((a) => a.action)).toEqual(['assets.register', 'assets.retire', 'assets.register']);
  });

  it('updates only the fields given and refuses a name another asset of that kind holds', () => {
    open();
    const a = dispatch(engine, 'assets.register', { kind: 'agent', name: 'a', owner: 'x', tools: ['t1'] }, SDK).asset;
    dispatch(engine, 'assets.register', { kind: 'agent', name: 'b' }, SDK);
    expect(dispatch(engine, 'assets.update', { asset_id: a.id, environment: 'production' }, ANALYST).asset).toMatchObject({ owner: 'x', tools: ['t1'], environment: 'production' });
    expect(refusal(() => dispatch(engine, 'assets.update', { asset_id: a.id, name: 'b' }, ANALYST))).toMatchObject({ code: 'conflict', field: 'name' });
    expect(dispatch(engine, 'assets.get', { asset_id: a.id }, READER).asset.name).toBe('a');
  });
});

describe('agent activity intake', () => {
  const digest = 'a'.repeat(64);

  it('stores a batch with one audit entry, summarizes it, and keeps contents only when capture is on', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'support-bot' }, SDK);
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const events = [
      { type: 'run_start', ts: at(1), run_id: 'r1' },
      { type: 'llm_call', ts: at(2), run_id: 'r1', model: 'gpt-4o', input_tokens: 1200, output_tokens: 300, duration_ms: 850, content: 'the prompt' },
      { type: 'tool_call', ts: at(3), run_id: 'r1', server: 'crm', tool: 'lookup', args_digest: digest, outcome: 'ok', duration_ms: 40, content: '{"id":7}' },
      { type: 'tool_call', ts: at(4), run_id: 'r1', server: 'mail', tool: 'send', args_digest: digest, outcome: 'blocked' },
      { type: 'tool_call', ts: at(5), run_id: 'r1', server: 'crm', tool: 'lookup', outcome: 'error', error: 'Timeout' },
      { type: 'run_stop', ts: at(6), run_id: 'r1' },
    ];
    clock.advance(10_000);
    const r = dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events, dropped: 3 }, SDK);
    expect(r).toMatchObject({ accepted: 6, contents_discarded: 2, status: 'active' });
    const audit = auditActions().filter((a) => a.action === 'agents.reportEvents');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].params)).toEqual({ agent_id: asset.id, events: 6, dropped: 3 });
    const act = dispatch(engine, 'agents.activity', { agent_id: asset.id }, READER);
    expect(act.total).toBe(6);
    expect(act.events.map((e) => e.type)).toEqual(['run_stop', 'tool_call', 'tool_call', 'tool_call', 'llm_call', 'run_start']);
    expect(act.events.every((e) => e.content === null)).toBe(true);
    expect(act.summary).toMatchObject({
      runs: 1, llm_calls: 1, tool_calls: 3, errors: 1, blocked: 1, input_tokens: 1200, output_tokens: 300, dropped_reported: 3,
      models: [{ model: 'gpt-4o', calls: 1 }],
      tools: [{ server: 'crm', tool: 'lookup', calls: 2, errors: 1, blocked: 0 }, { server: 'mail', tool: 'send', calls: 1, errors: 0, blocked: 1 }],
      last_event_at: at(6),
    });
    dispatch(engine, 'assets.update', { asset_id: asset.id, capture_contents: true }, ANALYST);
    dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'llm_call', model: 'gpt-4o', content: 'kept now' }] }, SDK);
    expect(dispatch(engine, 'agents.activity', { agent_id: asset.id, type: 'llm_call', limit: 1 }, READER).events[0].content).toBe('kept now');
  });

  it('refuses a bad batch whole, naming the field, and stores none of it', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'a' }, SDK);
    const bad = refusal(() => dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'heartbeat' }, { type: 'tool_call', ts: '2026-02-30T00:00:00Z' }] }, SDK));
    expect(bad).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('events.1.ts') });
    expect(refusal(() => dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'nap' }] }, SDK))?.message).toContain('events.0.type');
    const server = dispatch(engine, 'assets.register', { kind: 'mcp_server', name: 's' }, SDK).asset;
    expect(refusal(() => dispatch(engine, 'agents.reportEvents', { agent_id: server.id, events: [] }, SDK))).toMatchObject({ code: 'invalid_input', field: 'agent_id' });
    expect(refusal(() => dispatch(engine, 'agents.reportEvents', { agent_id: 'agt_missing', events: [] }, SDK))).toMatchObject({ code: 'not_found' });
    expect(dispatch(engine, 'agents.activity', { agent_id: asset.id }, READER).total).toBe(0);
  });

  it('does not let an agent clock far in the future move last-seen ahead of now', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'skewed' }, SDK);
    const r = dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'heartbeat', ts: '2030-01-01T00:00:00Z' }] }, SDK);
    expect(Date.parse(r.last_seen_at as string) - T0).toBeLessThanOrEqual(5 * 60_000);
  });

  it('prunes events older than a cut-off in bounded batches', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'p' }, SDK);
    const events = Array.from({ length: 10 }, (_, i) => ({ type: 'heartbeat' as const, ts: new Date(T0 - (10 - i) * 86_400_000).toISOString() }));
    dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events }, SDK);
    expect(engine.agentActivity.delete(T0 - 5 * 86_400_000 + 1, 3)).toBe(3);
    expect(engine.agentActivity.delete(T0 - 5 * 86_400_000 + 1, 3)).toBe(3);
    expect(engine.agentActivity.delete(T0 - 5 * 86_400_000 + 1, 3)).toBe(0);
    expect(dispatch(engine, 'agents.activity', { agent_id: asset.id }, READER).total).toBe(4);
  });

  it('keeps agent events for the retention window (30 days by default) and prunes older ones with the rest', () => {
    open();
    const { asset } = dispatch(engine, 'assets.register', { kind: 'agent', name: 'old-and-new' }, SDK);
    const day = 86_400_000;
    const at = (d: number) => new Date(T0 - d * day).toISOString();
    dispatch(engine, 'agents.reportEvents', { agent_id: asset.id, events: [{ type: 'heartbeat', ts: at(45) }, { type: 'heartbeat', ts: at(31) }, { type: 'heartbeat', ts: at(2) }] }, SDK);
    const r = dispatch(engine, 'retention.prune', {}, ANALYST);
    expect(r.deleted.agent_events).toBe(2);
    expect(dispatch(engine, 'agents.activity', { agent_id: asset.id }, READER).events.map((e) => e.ts)).toEqual([at(2)]);
  });
});
