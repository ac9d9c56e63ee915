// AI posture through the operations every door serves: an agent registered by an SDK key with tools that
// read private files, fetch web pages and send email is flagged with the lethal trifecta (a critical AI
// anomaly naming a tool per leg); run-time trifecta from one run's tool calls; analyst overrides (audited);
// agent scores with factors; MCP and Shadow AI not assessed (weights renormalized) until data exists; the
// weights validated and audited; drift against the agent's own history; the brief naming the trifecta agent.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import type { UserError } from '../../../src-main/engine/errors';
import { testLogger } from '../../support/test-logger';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const HOUR = 3_600_000;
const SDK = { actor: { type: 'api' as const, id: 'key_sdk' }, scopes: ['assets:write' as const, 'read' as const] };
const READER = { actor: { type: 'mcp_agent' as const, id: 'key_ro' }, scopes: ['read' as const] };
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
let engine: Engine;
let clock: ManualClock;
afterEach(() => engine?.close());

function open() {
  clock = new ManualClock(T0);
  engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
}
const register = (name: string, over: Record<string, unknown> = {}) =>
  dispatch(engine, 'assets.register', { kind: 'agent', name, owner: 'ops@example.com', models: ['gpt-4o'], ...over }, SDK).asset.id;
const refusal = (f: () => unknown) => { try { f(); return null; } catch (e) { return e as UserError; } };

describe('AI posture', () => {
  it('flags an SDK-registered agent that reads files, fetches web pages and sends email with the lethal trifecta, naming each tool', () => {
    open();
    const id = register('inbox-assistant', { tools: ['fs/read_file', 'web/fetch_page', 'gmail/send_email', 'calc/add'] });
    const anomalies = dispatch(engine, 'ai.listAnomalies', { type: 'lethal_trifecta' }, READER).anomalies;
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ subject_id: id, subject_name: 'inbox-assistant', severity: 'critical', evidence: { legs: { private_data: ['fs/read_file'], untrusted_content: ['web/fetch_page'], external_comms: ['gmail/send_email'] }, cheapest_leg: 'external_comms' } });
    const card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.risk_profile.static.complete).toBe(true);
    expect(card.factors[0]).toMatchObject({ factor: 'lethal_trifecta', points: -35 });
    expect(card.not_assessed.map((n) => n.component)).toEqual(['red_team', 'drift']);
    // owner, declared model, registered just now: the trifecta, its three tools with no enforcement rule and "not reporting"
    expect(card.factors.map((f) => f.factor).sort()).toEqual(['lethal_trifecta', 'not_reporting', 'uncovered_tool_pairs']);
    expect(card.factors.find((f) => f.factor === 'uncovered_tool_pairs')).toMatchObject({ component: 'rule_coverage', points: -20 });
    expect(card.rule_count).toBe(0);
    expect(card.score).toBe(30);
    expect(card.band).toBe('high_risk');
  });

  it('takes tools from the registered MCP servers the agent names, and decides the run-time trifecta from one run', () => {
    open();
    dispatch(engine, 'assets.register', { kind: 'mcp_server', name: 'browser', tools: ['fetch_url'] }, SDK);
    const id = register('researcher', { tools: ['db/query_customers', 'slack/post_message'], mcp_servers: ['browser'] });
    expect(dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER).risk_profile.static.legs.find((l) => l.leg === 'untrusted_content')?.tools.map((t) => t.tool)).toEqual(['browser/fetch_url']);
    // a run that only reads and posts: two legs; a later run that also browses: all three at run time
    const call = (run: string, server: string, tool: string) => ({ type: 'tool_call' as const, run_id: run, server, tool, outcome: 'ok' as const });
    dispatch(engine, 'agents.reportEvents', { agent_id: id, events: [call('r1', 'db', 'query_customers'), call('r1', 'slack', 'post_message')] }, SDK);
    let card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.risk_profile.runtime).toMatchObject({ run_id: 'r1', complete: false });
    clock.advance(60_000);
    dispatch(engine, 'agents.reportEvents', { agent_id: id, events: [call('r2', 'db', 'query_customers'), call('r2', 'browser', 'fetch_url'), call('r2', 'slack', 'post_message')] }, SDK);
    card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.risk_profile.runtime).toMatchObject({ run_id: 'r2', complete: true });
    expect(card.factors.map((f) => f.factor)).toContain('trifecta_in_run');
  });

  it('rescores an agent that reports many batches at most every two seconds, and once more after its last batch', () => {
    open();
    const id = register('chatty', { tools: ['db/query_customers', 'slack/post_message'] });
    const call = (run: string, server: string, tool: string) => ({ type: 'tool_call' as const, run_id: run, server, tool, outcome: 'ok' as const });
    const trifectas = () => dispatch(engine, 'ai.listAnomalies', { type: 'lethal_trifecta', subject_id: id }, READER).total;
    clock.advance(10_000);
    dispatch(engine, 'agents.reportEvents', { agent_id: id, events: [call('r1', 'db', 'query_customers')] }, SDK);
    // Moments later a run that also browses: all three legs at run time, scored by the trailing rescoring.
    clock.advance(100);
    dispatch(engine, 'agents.reportEvents', { agent_id: id, events: [call('r2', 'db', 'query_customers'), call('r2', 'browser', 'fetch_url'), call('r2', 'slack', 'post_message')] }, SDK);
    expect(trifectas()).toBe(0);
    clock.advance(2_000);
    expect(trifectas()).toBe(1);
  });

  it('an audited analyst override takes a tool off a leg and the agent out of the trifecta', () => {
    open();
    const id = register('helper', { tools: ['read_file', 'fetch_page', 'send_email'] });
    const bad = refusal(() => dispatch(engine, 'ai.setToolLegs', { tool: 'send_email', reason: 'internal relay only' }, ANALYST));
    expect(bad?.field).toBe('legs');
    dispatch(engine, 'ai.setToolLegs', { tool: 'send_email', legs: [], reason: 'internal relay only' }, ANALYST);
    const card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.risk_profile.static.complete).toBe(false);
    expect(card.factors.map((f) => f.factor)).toContain('two_trifecta_legs');
    const audit = dispatch(engine, 'audit.list', { action: 'ai.setToolLegs' }, ANALYST);
    expect(audit.entries.map((e) => e.outcome)).toContain('ok');
  });

  it('GET /api/v1/posture gains ai: the Agent score alone, MCP and Shadow AI not assessed and the weights renormalized', () => {
    open();
    register('tidy', { tools: ['calc/add'] });
    const out = dispatch(engine, 'posture.overview', {}, READER);
    expect(out.fleet).toBeDefined();
    const ai = out.ai;
    const dims = Object.fromEntries(ai.dimensions.map((d) => [d.dimension, d]));
    expect(dims.mcp).toMatchObject({ assessed: false, score: null, effective_weight: 0 });
    expect(dims.shadow).toMatchObject({ assessed: false, score: null, effective_weight: 0 });
    expect(dims.agent).toMatchObject({ assessed: true, effective_weight: 100 });
    expect(ai.renormalized).toBe(true);
    expect(ai.score).toBe(dims.agent?.score);
  });

  it('a shadow-AI discovery brings the Shadow AI dimension in, weighted with the Agent score', () => {
    open();
    register('tidy', { tools: ['calc/add'] });
    // one device looks up an AI-looking name no catalogue knows: one HIGH unregistered service (−20)
    engine.ingest.ingestEvents([{ ts: T0, kind: 'dns', device_id: 'ws-1', query: 'chat.example.ai' }], { actor: { type: 'cli', id: 'test' }, sourceKey: 'dns', label: 'dns' });
    const ai = dispatch(engine, 'ai.posture', {}, READER);
    const dims = Object.fromEntries(ai.dimensions.map((d) => [d.dimension, d]));
    expect(dims.shadow).toMatchObject({ assessed: true, score: 80 });
    expect(dims.agent?.effective_weight).toBeCloseTo(61.5, 1);
    expect(ai.score).toBe(Math.round(((dims.agent?.score as number) * 40 + 80 * 25) / 65));
  });

  it('reading the posture changes nothing; the trend gets a point when the composite changes', () => {
    open();
    register('inbox-assistant', { tools: ['fs/read_file', 'web/fetch_page', 'gmail/send_email'] });
    dispatch(engine, 'ai.posture', {}, READER);
    dispatch(engine, 'ai.agentPosture', { agent_id: dispatch(engine, 'ai.posture', {}, READER).agents.trifecta[0]?.agent_id as string }, READER);
    expect(dispatch(engine, 'ai.listAnomalies', { type: 'lethal_trifecta' }, READER).anomalies[0]?.occurrences).toBe(1);
    expect(dispatch(engine, 'ai.posture', {}, READER).trend).toEqual([]);
    engine.aiPosture.recordTrend();
    clock.advance(60_000);
    engine.aiPosture.recordTrend();
    const first = dispatch(engine, 'ai.posture', {}, READER);
    expect(first.trend).toEqual([{ at: new Date(T0).toISOString(), score: first.score }]);
    clock.advance(60_000);
    register('tidy', { tools: ['calc/add'] });
    engine.aiPosture.recordTrend();
    const second = dispatch(engine, 'ai.posture', {}, READER);
    expect(second.trend.map((t) => t.score)).toEqual([first.score, second.score]);
    expect(second.score).toBeGreaterThan(first.score as number);
  });

  it('validates and audits the weights, naming the field', () => {
    open();
    expect(refusal(() => dispatch(engine, 'ai.setPostureWeights', { agent: 50, mcp: 35, shadow: 25 }, ANALYST))?.field).toBe('weights');
    expect(dispatch(engine, 'ai.setPostureWeights', { agent: 60, mcp: 0, shadow: 40 }, ANALYST).weights).toEqual({ agent: 60, mcp: 0, shadow: 40 });
    expect(dispatch(engine, 'ai.postureWeights', {}, READER)).toEqual({ weights: { agent: 60, mcp: 0, shadow: 40 }, defaults: { agent: 40, mcp: 35, shadow: 25 } });
    expect(dispatch(engine, 'audit.list', { action: 'ai.setPostureWeights' }, ANALYST).entries.length).toBeGreaterThan(0);
  });

  it('scores drift against the agent\'s own previous week: new tools, volume and error rate', () => {
    open();
    const id = register('steady', { tools: ['crm/lookup', 'crm/update'] });
    for (let day = 0; day < 7; day++) {
      dispatch(engine, 'agents.reportEvents', { agent_id: id, events: Array.from({ length: 5 }, () => ({ type: 'tool_call' as const, server: 'crm', tool: 'lookup', outcome: 'ok' as const })) }, SDK);
      clock.advance(24 * HOUR);
    }
    let card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.not_assessed.map((n) => n.component)).not.toContain('drift');
    expect(card.factors.filter((f) => f.component === 'drift')).toEqual([]);
    clock.advance(HOUR);
    dispatch(engine, 'agents.reportEvents', { agent_id: id, events: [
      ...Array.from({ length: 20 }, () => ({ type: 'tool_call' as const, server: 'crm', tool: 'export_all', outcome: 'error' as const })),
    ] }, SDK);
    card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.factors.filter((f) => f.component === 'drift').map((f) => f.factor).sort()).toEqual(['drift_error_rate', 'drift_new_tools', 'drift_volume']);
  });

  it('writes a 4–8 sentence brief that names the trifecta agent and its cheapest leg, the same for the same data', () => {
    open();
    register('inbox-assistant', { tools: ['fs/read_file', 'web/fetch_page', 'gmail/send_email'] });
    register('tidy', { tools: ['calc/add'] });
    const b = dispatch(engine, 'ai.brief', {}, READER);
    expect(b.sentences.length).toBeGreaterThanOrEqual(4);
    expect(b.sentences.length).toBeLessThanOrEqual(8);
    expect(b.brief).toContain('inbox-assistant');
    expect(b.brief).toMatch(/lethal trifecta/);
    expect(b.sentences.at(-1)?.text).toContain('gmail/send_email');
    expect(b.sentences.every((s) => s.sources.length > 0)).toBe(true);
    expect(dispatch(engine, 'ai.brief', {}, READER).brief).toBe(b.brief);
    const empty = (() => { engine.close(); open(); return dispatch(engine, 'ai.brief', {}, READER); })();
    expect(empty.score).toBeNull();
    expect(empty.sentences.length).toBeGreaterThanOrEqual(4);
  });
});
