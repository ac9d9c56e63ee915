// AI posture at fleet size: 1,000 agents and 200 MCP servers (each agent with its own tools and two
// servers', some with the trifecta, a week of tool calls for a few). Measured in one run:
// - the composite (ai.posture) on the first read, when every agent is scored (cold cache), and then as it is
//   served: after one agent reports a batch (only that agent is read again), after a policy change naming one
//   agent (that agent rescored from its cached reads), and after a fleet-wide tool rule (every agent rescored
//   from its cached reads, no SQL); baseline: listing the same 1,000 agents from the registry;
// - one agent's card p50/p99, read after its own activity changed it half the time;
// - agent activity events scored per second: batches of 100 through dispatch with the agent rescored (and again
//   with the fleet read after each 10 batches), beside the same batches through dispatch unscored, and stored by
//   the store alone.
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import type { BenchResult } from './report';

const AGENTS = 1000;
const SERVERS = 200;
const TOOLS = ['fs/read_file', 'web/fetch_page', 'gmail/send_email', 'crm/lookup', 'calc/add', 'db/query', 'slack/post_message', 'docs/search'];
const BATCHES = 200;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

export async function runAiPostureBench(): Promise<BenchResult[]> {
  const engine = Engine.open({ dbPath: ':memory:', log: silentLogger });
  try {
    const actor = { type: 'cli' as const, id: 'bench' };
    const sdk = { actor, scopes: ['assets:write' as const] };
    for (let s = 0; s < SERVERS; s++) dispatch(engine, 'assets.register', { kind: 'mcp_server', name: `srv${s}`, tools: [`tool_${s}`, s % 10 === 0 ? 'fetch_url' : `list_${s}`] }, { actor });
    const ids: string[] = [];
    for (let a = 0; a < AGENTS; a++) {
      const tools = [0, 1, 2].map((k) => TOOLS[(a + k * 3) % TOOLS.length] as string);
      ids.push(dispatch(engine, 'assets.register', { kind: 'agent', name: `agent${a}`, owner: a % 3 ? 'ops' : undefined, models: ['gpt-4o'], tools, mcp_servers: [`srv${a % SERVERS}`, `srv${(a * 7) % SERVERS}`] }, { actor }).asset.id);
    }
    const batch = (n: number, run: string) => Array.from({ length: n }, (_, i) => ({ type: 'tool_call' as const, run_id: `${run}${i % 5}`, server: 'crm', tool: 'lookup', outcome: 'ok' as const }));
    for (let a = 0; a < AGENTS; a += 20) dispatch(engine, 'agents.reportEvents', { agent_id: ids[a] as string, events: batch(50, 'r') }, sdk);
    const reader = { actor, scopes: ['read' as const] };
    const time = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t; };
    const fleetRead = () => dispatch(engine, 'ai.posture', {}, reader);

    engine.aiPosture.invalidate();
    const cold = time(fleetRead);
    // Served: one agent reports a batch, then the fleet is read (that agent alone is read again).
    const afterEvent = Array.from({ length: 15 }, (_, i) => {
      dispatch(engine, 'agents.reportEvents', { agent_id: ids[(i * 37) % AGENTS] as string, events: batch(10, `e${i}`) }, sdk);
      return time(fleetRead);
    });
    // A policy change naming one agent: that agent is rescored from its cached reads (a fleet-wide tool rule rescores all).
    const afterPolicy = Array.from({ length: 5 }, (_, i) => {
      dispatch(engine, 'policy.create', { name: `p${i}`, rules: [{ identity_type: 'agent', identity_id: ids[i] as string, action: 'block', destination: 'tool:gmail/send_email' }] }, { actor });
      return time(fleetRead);
    });
    dispatch(engine, 'policy.create', { name: 'no slack posts', rules: [{ action: 'block', destination: 'tool:slack/*' }] }, { actor });
    const afterFleetRule = time(fleetRead);
    const list = Array.from({ length: 7 }, () => time(() => dispatch(engine, 'assets.list', { kind: 'agent', limit: 1000, offset: 0 }, reader)));
    // One agent's card: every agent, every other one just after its own batch (a read that must recompute).
    const agent = ids.map((id, i) => {
      if (i % 2 === 0) dispatch(engine, 'agents.reportEvents', { agent_id: id, events: batch(5, 'c') }, sdk);
      return time(() => dispatch(engine, 'ai.agentPosture', { agent_id: id }, reader));
    });

    // Events scored per second: batches of 100 over 50 agents, each agent rescored (at once, or trailing within 2 s);
    // again with the fleet read every 10 batches (every 1,000 events: far more often than a console reads it);
    // beside the same batches through dispatch unscored, and stored by the activity store alone, in the same run.
    const scoredStart = performance.now();
    for (let b = 0; b < BATCHES; b++) dispatch(engine, 'agents.reportEvents', { agent_id: ids[(b * 20 + 3) % AGENTS] as string, events: batch(100, `s${b}`) }, sdk);
    const scoredS = (performance.now() - scoredStart) / 1000;
    const readingStart = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      dispatch(engine, 'agents.reportEvents', { agent_id: ids[(b * 20 + 4) % AGENTS] as string, events: batch(100, `f${b}`) }, sdk);
      if (b % 10 === 9) fleetRead();
    }
    const readingS = (performance.now() - readingStart) / 1000;
    const storeStart = performance.now();
    for (let b = 0; b < BATCHES; b++) engine.agentActivity.report(ids[(b * 20 + 1) % AGENTS] as string, batch(100, `t${b}`), 0, actor);
    const storeS = (performance.now() - storeStart) / 1000;
    // And through dispatch (validated, audited) with AI posture's activity hook switched off: what scoring adds.
    const hook = engine.aiPosture.activityReported;
    engine.aiPosture.activityReported = () => {};
    const unscoredStart = performance.now();
    for (let b = 0; b < BATCHES; b++) dispatch(engine, 'agents.reportEvents', { agent_id: ids[(b * 20 + 2) % AGENTS] as string, events: batch(100, `u${b}`) }, sdk);
    const unscoredS = (performance.now() - unscoredStart) / 1000;
    engine.aiPosture.activityReported = hook;

    const served = pct(afterEvent, 50);
    return [
      { name: `AI posture of the fleet (${AGENTS} agents, ${SERVERS} MCP servers) after one agent's batch, median of 15`, value: served, unit: 'ms', target: '<= 20', met: served <= 20 },
      { name: 'same, p99 of 15 (the slowest)', value: pct(afterEvent, 99), unit: 'ms' },
      { name: 'same after a policy change naming one agent (the agents whose rules changed rescored from cache), median of 5', value: pct(afterPolicy, 50), unit: 'ms' },
      { name: 'same after a fleet-wide tool rule (every agent rescored from cache), one read', value: afterFleetRule, unit: 'ms' },
      { name: 'same, first read: every agent scored (cold cache)', value: cold, unit: 'ms' },
      { name: 'baseline: listing the same 1,000 agents (assets.list), median of 7', value: pct(list, 50), unit: 'ms' },
      { name: 'agent posture p50 (half of the reads just after the agent\'s own batch)', value: pct(agent, 50), unit: 'ms', target: '<= 1', met: pct(agent, 50) <= 1 },
      { name: 'agent posture p99', value: pct(agent, 99), unit: 'ms', target: '<= 5', met: pct(agent, 99) <= 5 },
      { name: `agent events scored (${BATCHES} batches of 100 through dispatch, each agent rescored)`, value: Math.round((BATCHES * 100) / scoredS), unit: 'events/s', target: '>= 20000', met: (BATCHES * 100) / scoredS >= 20_000 },
      { name: 'same, with the fleet posture read after every 10 batches', value: Math.round((BATCHES * 100) / readingS), unit: 'events/s' },
      { name: 'baseline: the same batches through dispatch, not scored (posture hook off, no fleet reads)', value: Math.round((BATCHES * 100) / unscoredS), unit: 'events/s' },
      { name: 'baseline: the same batches stored by the activity store alone', value: Math.round((BATCHES * 100) / storeS), unit: 'events/s' },
    ];
  } finally {
    engine.close();
  }
}
