// AI posture at fleet size: 1,000 agents and 200 MCP servers (each agent with its own tools and two
// servers', some with the trifecta, a week of tool calls for a few). The composite (ai.posture), one agent's
// card p50/p99, and as a same-run baseline listing those 1,000 agents from the registry.
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import type { BenchResult } from './report';

const AGENTS = 1000;
const SERVERS = 200;
const TOOLS = ['fs/read_file', 'web/fetch_page', 'gmail/send_email', 'crm/lookup', 'calc/add', 'db/query', 'slack/post_message', 'docs/search'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

export async function runAiPostureBench(): Promise<BenchResult[]> {
  const engine = Engine.open({ dbPath: ':memory:', log: silentLogger });
  try {
    const actor = { type: 'cli' as const, id: 'bench' };
    for (let s = 0; s < SERVERS; s++) dispatch(engine, 'assets.register', { kind: 'mcp_server', name: `srv${s}`, tools: [`tool_${s}`, s % 10 === 0 ? 'fetch_url' : `list_${s}`] }, { actor });
    const ids: string[] = [];
    for (let a = 0; a < AGENTS; a++) {
      const tools = [0, 1, 2].map((k) => TOOLS[(a + k * 3) % TOOLS.length] as string);
      ids.push(dispatch(engine, 'assets.register', { kind: 'agent', name: `agent${a}`, owner: a % 3 ? 'ops' : undefined, models: ['gpt-4o'], tools, mcp_servers: [`srv${a % SERVERS}`, `srv${(a * 7) % SERVERS}`] }, { actor }).asset.id);
    }
    for (let a = 0; a < AGENTS; a += 20) {
      dispatch(engine, 'agents.reportEvents', { agent_id: ids[a] as string, events: Array.from({ length: 50 }, (_, i) => ({ type: 'tool_call' as const, run_id: `r${i % 5}`, server: 'crm', tool: 'lookup', outcome: 'ok' as const })) }, { actor, scopes: ['assets:write'] });
    }
    const reader = { actor, scopes: ['read' as const] };
    const time = (f: () => unknown, n: number) => Array.from({ length: n }, () => { const t = performance.now(); f(); return performance.now() - t; });
    time(() => dispatch(engine, 'ai.posture', {}, reader), 2);
    const fleet = time(() => dispatch(engine, 'ai.posture', {}, reader), 7);
    const list = time(() => dispatch(engine, 'assets.list', { kind: 'agent', limit: 1000, offset: 0 }, reader), 7);
    const agent = ids.map((id) => { const t = performance.now(); dispatch(engine, 'ai.agentPosture', { agent_id: id }, reader); return performance.now() - t; });
    const f50 = pct(fleet, 50);
    return [
      { name: `AI posture of the fleet (${AGENTS} agents, ${SERVERS} MCP servers), median of 7`, value: f50, unit: 'ms', target: '<= 20', met: f50 <= 20 },
      { name: 'baseline: listing the same 1,000 agents (assets.list), median of 7', value: pct(list, 50), unit: 'ms' },
      { name: 'agent posture p50', value: pct(agent, 50), unit: 'ms', target: '<= 1', met: pct(agent, 50) <= 1 },
      { name: 'agent posture p99', value: pct(agent, 99), unit: 'ms', target: '<= 5', met: pct(agent, 99) <= 5 },
    ];
  } finally {
    engine.close();
  }
}
