// The AI demo fleet: registered and reporting through the SDK path, deterministic for a seed, and meaningful:
// inbox-assistant has the lethal trifecta (statically and in a run) naming a tool per leg, sql-analyst drifts in
// the last day against its own week, ticket-summarizer has no owner and an undeclared model; the AI posture
// scores the Agent dimension, the gap scan lists the trifecta agent first, and the brief names it. The console
// host's tick keeps the agents reporting past the seeded window.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { advanceAiDemo, agentHour, AI_DEMO_AGENTS, seedAiFleet } from '../../../src-main/engine/simulate/ai-fleet';
import { testLogger } from '../../support/test-logger';

const T0 = Date.parse('2026-11-30T09:20:00Z');
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
let engine: Engine;
afterEach(() => engine?.close());

describe('AI demo fleet', () => {
  it('gives a first start a meaningful AI posture: the trifecta agent, the drifting one, and their reasons', () => {
    const clock = new ManualClock(T0);
    engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
    const { agents, events } = seedAiFleet(engine, dispatch, { seed: 7, end: T0, hours: 192, actor: ANALYST.actor });
    expect(events).toBeGreaterThan(2_000);
    // every registration and report went through the SDK's scope, audited under its key
    const p = dispatch(engine, 'ai.posture', {}, ANALYST);
    expect(p.dimensions.find((d) => d.dimension === 'agent')).toMatchObject({ assessed: true });
    expect(p.agents.total).toBe(AI_DEMO_AGENTS.length);
    expect(p.agents.trifecta.map((a) => a.name)).toEqual(['inbox-assistant']);

    const inbox = dispatch(engine, 'ai.agentPosture', { agent_id: agents['inbox-assistant'] }, ANALYST);
    expect(Object.fromEntries(inbox.risk_profile.static.legs.map((l) => [l.leg, l.tools.map((t) => t.tool)]))).toEqual({
      private_data: ['filesystem/read_file', 'filesystem/list_directory', 'filesystem/write_file', 'gmail/search_emails'],
      untrusted_content: ['fetch/fetch'],
      external_comms: ['gmail/send_email'],
    });
    expect(inbox.risk_profile.runtime?.complete ?? false).toBe(inbox.factors.some((f) => f.factor === 'trifecta_in_run'));

    const analyst = dispatch(engine, 'ai.agentPosture', { agent_id: agents['sql-analyst'] }, ANALYST);
    expect(analyst.factors.map((f) => f.factor)).toEqual(expect.arrayContaining(['drift_new_tools', 'drift_volume', 'drift_error_rate']));
    expect(analyst.factors.find((f) => f.factor === 'drift_new_tools')?.why).toContain('fetch/fetch');
    const docs = dispatch(engine, 'ai.agentPosture', { agent_id: agents['docs-helper'] }, ANALYST);
    expect(docs.factors.filter((f) => f.component === 'drift')).toEqual([]);
    expect(docs.not_assessed.map((n) => n.component)).not.toContain('drift');
    const tickets = dispatch(engine, 'ai.agentPosture', { agent_id: agents['ticket-summarizer'] }, ANALYST);
    expect(tickets.factors.map((f) => f.factor)).toEqual(expect.arrayContaining(['no_owner', 'undeclared_model']));

    const gaps = dispatch(engine, 'ai.enforcementGaps', {}, ANALYST);
    expect(gaps.gaps[0]).toMatchObject({ agent_name: 'inbox-assistant', tool: 'gmail/send_email', risk: 'critical' });
    expect(dispatch(engine, 'ai.brief', {}, ANALYST).brief).toContain('inbox-assistant');

    // the console host keeps them reporting: two hours later, two more hours of activity
    clock.advance(2 * 3_600_000);
    const before = dispatch(engine, 'agents.activity', { agent_id: agents['docs-helper'], limit: 1, offset: 0 }, ANALYST).total;
    expect(advanceAiDemo(engine, clock.now())).toBeGreaterThan(0);
    expect(dispatch(engine, 'agents.activity', { agent_id: agents['docs-helper'], limit: 1, offset: 0 }, ANALYST).total).toBeGreaterThan(before);
    expect(advanceAiDemo(engine, clock.now())).toBe(0);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = AI_DEMO_AGENTS[0];
    const hour = Date.parse('2026-11-30T10:00:00Z');
    expect(agentHour(5, a, hour, false)).toEqual(agentHour(5, a, hour, false));
    expect(JSON.stringify(agentHour(5, a, hour, false))).not.toEqual(JSON.stringify(agentHour(6, a, hour, false)));
  });
});

describe('threatmatic simulate --ai-fleet', () => {
  it('adds the AI fleet beside the devices, and a repeat adds nothing', () => {
    engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(T0), log: testLogger });
    const run = () => dispatch(engine, 'simulate.run', { devices: 20, hours: 24, seed: 3, ai_fleet: true }, ANALYST);
    expect(run().ai_agents).toBe(AI_DEMO_AGENTS.length);
    const events = dispatch(engine, 'agents.activity', { agent_id: dispatch(engine, 'assets.list', { kind: 'agent', limit: 1, offset: 0 }, ANALYST).assets[0].id, limit: 1, offset: 0 }, ANALYST).total;
    expect(run().ai_agents).toBe(0);
    expect(dispatch(engine, 'assets.list', { kind: 'agent', limit: 10, offset: 0 }, ANALYST).total).toBe(AI_DEMO_AGENTS.length);
    expect(dispatch(engine, 'agents.activity', { agent_id: dispatch(engine, 'assets.list', { kind: 'agent', limit: 1, offset: 0 }, ANALYST).assets[0].id, limit: 1, offset: 0 }, ANALYST).total).toBe(events);
  });
});
