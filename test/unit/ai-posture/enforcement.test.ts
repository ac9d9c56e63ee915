// Agent-tool enforcement through the operations every door serves: an agent is a policy identity and an MCP
// tool a destination, so create_policy and evaluate_access answer "may agent A call tool T" (block, allow,
// require_approval); the gap scan lists the high-risk agent-tool pairs no rule covers, ranked, with the policy
// that covers them; a policy blocking the trifecta agent's email tool takes it out of the scan and raises its
// score; the rule checks name the field; suggested weights follow the deployment profile; the cached fleet
// posture follows registrations, retirements, MCP servers and policy changes.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import type { UserError } from '../../../src-main/engine/errors';
import { testLogger } from '../../support/test-logger';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const SDK = { actor: { type: 'api' as const, id: 'key_sdk' }, scopes: ['assets:write' as const, 'read' as const] };
const READER = { actor: { type: 'mcp_agent' as const, id: 'key_ro' }, scopes: ['read' as const, 'policy:read' as const] };
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
let engine: Engine;
afterEach(() => engine?.close());

function open() {
  engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(T0), log: testLogger });
}
const register = (name: string, over: Record<string, unknown> = {}) =>
  dispatch(engine, 'assets.register', { kind: 'agent', name, owner: 'ops@example.com', models: ['gpt-4o'], ...over }, SDK).asset.id;
const refusal = (f: () => unknown) => { try { f(); return null; } catch (e) { return e as UserError; } };
const TRIFECTA_TOOLS = ['fs/read_file', 'web/fetch_page', 'gmail/send_email', 'calc/add'];

describe('agent-tool enforcement', () => {
  it('a policy blocking the trifecta agent\'s email tool takes it out of the gap scan and raises its score', () => {
    open();
    const id = register('inbox-assistant', { tools: TRIFECTA_TOOLS });
    register('calculator', { tools: ['calc/add', 'calc/mul'] });
    const before = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    const scan = dispatch(engine, 'ai.enforcementGaps', {}, READER);
    // three high-risk pairs (one per leg), none covered; the calculator has none; calc/add is not high-risk
    expect(scan.summary).toEqual({ high_risk_pairs: 3, covered: 0, uncovered: 3, coverage_pct: 0 });
    expect(scan.gaps.map((g) => [g.rank, g.tool, g.risk, g.suggested_rule.action])).toEqual([
      [1, 'gmail/send_email', 'critical', 'block'], [2, 'web/fetch_page', 'critical', 'require_approval'], [3, 'fs/read_file', 'critical', 'require_approval'],
    ]);
    expect(scan.gaps[0]).toMatchObject({ agent_id: id, agent_name: 'inbox-assistant', destination: 'tool:gmail/send_email', legs: ['external_comms'], decision: 'allow' });
    expect(scan.gaps[0].why).toContain('cheapest leg');

    const policy = dispatch(engine, 'policy.create', { name: 'no email for the inbox assistant', rules: [{ identity_type: 'agent', identity_id: id, action: 'block', destination: 'tool:gmail/send_email' }] }, ANALYST);
    expect(policy.rules).toEqual([{ identity_type: 'agent', identity_id: id, action: 'block', destination: 'tool:gmail/send_email' }]);
    // evaluate_access answers for the agent and the tool, naming the rule
    const blocked = dispatch(engine, 'policy.evaluateAccess', { identity_type: 'agent', identity_id: id, destination: 'tool:gmail/send_email' }, READER);
    expect(blocked).toMatchObject({ decision: 'block', deciding_policy_id: policy.policy_id, identities: [`agent:${id}`], destination: 'tool:gmail/send_email' });
    expect(dispatch(engine, 'policy.evaluateAccess', { identity_type: 'agent', identity_id: id, destination: 'tool:web/fetch_page' }, READER)).toMatchObject({ decision: 'allow', deciding_policy_id: null });

    const after = dispatch(engine, 'ai.enforcementGaps', {}, READER);
    expect(after.gaps.map((g) => g.tool)).toEqual(['web/fetch_page', 'fs/read_file']);
    expect(after.summary).toMatchObject({ covered: 1, uncovered: 2, coverage_pct: 33.3 });
    const card = dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER);
    expect(card.score).toBeGreaterThan(before.score);
    expect(card.rule_count).toBe(1);
    // the external-communication leg is stopped by policy: the trifecta is contained, not gone
    expect(card.factors.map((f) => f.factor)).toContain('lethal_trifecta_contained');
    expect(card.factors.map((f) => f.factor)).not.toContain('lethal_trifecta');
    expect(card.tools.find((t) => t.tool === 'gmail/send_email')).toMatchObject({ high_risk: true, covered: true, decision: 'block', policy_id: policy.policy_id });
    expect(card.factors.find((f) => f.factor === 'uncovered_tool_pairs')).toMatchObject({ points: -13 });
  });

  it('covers every gap with the suggested policy; require_approval and server-wide tool rules decide as written', () => {
    open();
    const id = register('researcher', { tools: ['db/query_customers', 'browser/fetch_url', 'slack/post_message', 'slack/read_channel'] });
    const scan = dispatch(engine, 'ai.enforcementGaps', { agent_id: id }, READER);
    expect(scan.suggested_policy).not.toBeNull();
    const p = dispatch(engine, 'policy.create', scan.suggested_policy!, ANALYST);
    expect(p.blast_radius).toEqual({ devices: 0, users: 0, workloads: 0, fleet_wide: false });
    expect(dispatch(engine, 'ai.enforcementGaps', {}, READER).summary).toMatchObject({ uncovered: 0, coverage_pct: 100 });
    const held = dispatch(engine, 'policy.evaluateAccess', { identity_type: 'agent', identity_id: id, destination: 'tool:browser/fetch_url' }, READER);
    expect(held.decision).toBe('require_approval');
    expect(held.reason).toContain('approval');
    // a fleet-wide block of every slack tool: the agent's own allow exception still wins for its one tool
    dispatch(engine, 'policy.create', { name: 'no slack', rules: [{ action: 'block', destination: 'tool:slack/*' }] }, ANALYST);
    dispatch(engine, 'policy.create', { name: 'researcher may read slack', rules: [{ identity_type: 'agent', identity_id: id, action: 'allow', destination: 'tool:slack/read_channel' }] }, ANALYST);
    const ask = (tool: string) => dispatch(engine, 'policy.evaluateAccess', { identity_type: 'agent', identity_id: id, destination: `tool:${tool}` }, READER).decision;
    expect([ask('slack/post_message'), ask('slack/read_channel'), ask('slack/upload_file')]).toEqual(['block', 'allow', 'block']);
    expect(dispatch(engine, 'ai.agentPosture', { agent_id: id }, READER).rule_count).toBe(scan.suggested_policy!.rules.length + 2);
  });

  it('refuses agent-tool rules that cannot mean anything, naming the field, and writes nothing', () => {
    open();
    const id = register('inbox-assistant', { tools: TRIFECTA_TOOLS });
    const create = (rule: Record<string, unknown>) => refusal(() => dispatch(engine, 'policy.create', { name: 'r', rules: [rule] }, ANALYST));
    expect(create({ identity_type: 'agent', identity_id: 'agt_nope', action: 'block', destination: 'tool:gmail/send_email' })).toMatchObject({ code: 'not_found', field: 'rules[0].identity_id' });
    expect(create({ identity_type: 'device', action: 'block', destination: 'tool:gmail/send_email' })).toMatchObject({ code: 'invalid_input', field: 'rules[0].destination' });
    expect(create({ identity_type: 'agent', identity_id: id, action: 'require_approval', destination: 'example.com' })).toMatchObject({ code: 'invalid_input', field: 'rules[0].action' });
    expect(create({ identity_type: 'agent', identity_id: id, action: 'block', destination: 'tool:*' })).toMatchObject({ code: 'invalid_input', field: 'rules[0].destination' });
    expect(create({ identity_type: 'agent', action: 'block' })).toMatchObject({ code: 'invalid_input', field: 'rules[0].destination' });
    expect(refusal(() => dispatch(engine, 'policy.blockDestination', { destination: 'tool:gmail/send_email' }, ANALYST))).toMatchObject({ code: 'invalid_input', field: 'destination' });
    expect(refusal(() => dispatch(engine, 'policy.evaluateAccess', { identity_type: 'agent', identity_id: 'agt_nope', destination: 'tool:x/y' }, READER))).toMatchObject({ code: 'not_found' });
    expect(dispatch(engine, 'policy.list', {}, READER).total).toBe(0);
  });

  it('a policy of agent-tool rules only leaves device posture coverage alone, and the nftables export says where it is enforced', () => {
    open();
    const id = register('inbox-assistant', { tools: TRIFECTA_TOOLS });
    dispatch(engine, 'policy.create', { name: 'no email', rules: [{ identity_type: 'agent', identity_id: id, action: 'block', destination: 'tool:gmail/send_email' }] }, ANALYST);
    const ruleset = dispatch(engine, 'policy.export', { format: 'nftables' }, ANALYST) as { ruleset?: string; content?: string };
    expect(JSON.stringify(ruleset)).toContain('an agent-tool rule, enforced by the agent gateway');
  });

  it('suggests weights from the deployment profile: no MCP servers in use, no weight on MCP', () => {
    open();
    expect(dispatch(engine, 'ai.suggestedWeights', {}, READER).suggested).toEqual({ agent: 40, mcp: 35, shadow: 25 });
    register('inbox-assistant', { tools: TRIFECTA_TOOLS });
    register('calculator', { tools: ['calc/add'] });
    const s = dispatch(engine, 'ai.suggestedWeights', {}, READER);
    expect(s.profile).toMatchObject({ agents: 2, trifecta_agents: 1, two_leg_agents: 0, mcp_servers: 0 });
    // agent 40 × 1.5 = 60 beside shadow's default 25 (no discoveries yet): 71/0/29
    expect(s.suggested).toEqual({ agent: 71, mcp: 0, shadow: 29 });
    expect(s.reasons.find((r) => r.dimension === 'mcp')?.why).toContain('No MCP servers in use');
    expect(s.suggested.agent + s.suggested.mcp + s.suggested.shadow).toBe(100);
    dispatch(engine, 'assets.register', { kind: 'mcp_server', name: 'browser', tools: ['fetch_url'] }, SDK);
    expect(dispatch(engine, 'ai.suggestedWeights', {}, READER).suggested.mcp).toBeGreaterThan(0);
  });

  it('the cached fleet posture follows registrations, MCP servers, retirements and policy changes', () => {
    open();
    const a = register('inbox-assistant', { tools: ['fs/read_file', 'gmail/send_email'] });
    const fleet = () => dispatch(engine, 'ai.posture', {}, READER);
    expect(fleet().agents.trifecta).toEqual([]);
    // a server the agent names brings the third leg
    dispatch(engine, 'assets.register', { kind: 'mcp_server', name: 'browser', tools: ['fetch_url'] }, SDK);
    dispatch(engine, 'assets.update', { asset_id: a, mcp_servers: ['browser'] }, ANALYST);
    expect(fleet().agents.trifecta.map((t) => t.name)).toEqual(['inbox-assistant']);
    const b = register('calculator', { tools: ['calc/add'] });
    expect(fleet().agents.total).toBe(2);
    const lowBefore = fleet().agents.lowest.find((x) => x.agent_id === a)!.score;
    dispatch(engine, 'policy.create', { name: 'no email', rules: [{ identity_type: 'agent', identity_id: a, action: 'block', destination: 'tool:gmail/send_email' }] }, ANALYST);
    expect(fleet().agents.lowest.find((x) => x.agent_id === a)!.score).toBeGreaterThan(lowBefore);
    dispatch(engine, 'assets.retire', { asset_id: b, reason: 'replaced' }, ANALYST);
    expect(fleet().agents.total).toBe(1);
    expect(dispatch(engine, 'ai.agentPosture', { agent_id: a }, READER).score).toBe(fleet().agents.lowest[0].score);
    // a finding on the MCP server (announced on the event log) brings the MCP dimension in on the next read
    expect(fleet().dimensions.find((d) => d.dimension === 'mcp')?.assessed).toBe(false);
    const server = dispatch(engine, 'assets.list', { kind: 'mcp_server', limit: 10, offset: 0 }, READER).assets[0];
    engine.aiAnomalies.report({ subject_kind: 'mcp_server', subject_id: server.id, subject_name: server.name, type: 'mcp_tool_poisoning', severity: 'high', confidence: 0.9, description: 'hidden instructions in fetch_url', recommended_action: 'unpin it', evidence: {} });
    expect(fleet().dimensions.find((d) => d.dimension === 'mcp')).toMatchObject({ assessed: true, score: 75 });
    // weights apply at once
    dispatch(engine, 'ai.setPostureWeights', { agent: 50, mcp: 50, shadow: 0 }, ANALYST);
    expect(fleet().weights).toEqual({ agent: 50, mcp: 50, shadow: 0 });
  });
});
