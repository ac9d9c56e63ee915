// The AI demo fleet: a handful of agents with realistic MCP servers and tools, registered and reporting through
// the SDK path (assets.register and agents.reportEvents with an SDK key's scope), so a new user sees a
// meaningful AI posture on first start: inbox-assistant has the lethal trifecta (and uses all three legs in one
// run), sql-analyst drifts in the last day (a tool it never used, four times its volume, errors). Deterministic
// for a seed: the activity of each agent-hour comes from its own random stream. While a console host runs, the
// same generator keeps the agents reporting past the seeded window (advanceAiDemo, from the background tick, into
// the same services the report operation's handler calls). `dispatch` is passed in (no import cycle).
import type { OpOutput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { AgentEventType, CallOutcome } from '@shared/domain/ai-assets';
import type { SqlRunner } from '../db/sql';
import type { Engine } from '../engine';
import type { Dispatch } from '../handler-types';
import { readSetting, writeSetting } from '../settings/settings-store';
import { Rng, seedFrom } from './prng';

const HOUR = 3_600_000;
const AI_DEMO_SETTING = 'demo.ai_live';
/** The SDK's identity: an agent's SDK key holds assets:write, and nothing else. */
const AI_DEMO_SDK: { actor: Actor; scopes: ['assets:write'] } = { actor: { type: 'api', id: 'demo-sdk', name: 'threatmatic SDK (demo)' }, scopes: ['assets:write'] };
/** At most this many hours are fed per background tick (a long pause catches up over several ticks). */
const MAX_HOURS_PER_ADVANCE = 24;

interface DemoServer { name: string; description: string; transport: 'stdio' | 'streamable_http'; tools: string[] }
interface DemoAgent {
  name: string; owner: string | null; description: string; framework: string; models: string[]; servers: string[];
  /** Tools one run uses, with weights; `server/tool`. */
  mix: readonly (readonly [string, number])[];
  runsPerHour: number; errorRate: number;
  /** Models it calls that it did not declare (provenance gap). */
  extraModels?: string[];
  /** In the last day of the seeded window and after: a new tool, 4× the runs, errors. */
  drift?: { tool: string; factor: number; errorRate: number };
  /** A run that uses all three trifecta legs, once every this many hours. */
  trifectaRunEvery?: number;
}

const AI_DEMO_SERVERS: readonly DemoServer[] = [
  { name: 'filesystem', description: 'Local files under the project workspace', transport: 'stdio', tools: ['read_file', 'list_directory', 'write_file'] },
  { name: 'fetch', description: 'Fetches web pages as markdown', transport: 'stdio', tools: ['fetch'] },
  { name: 'gmail', description: 'The team mailbox', transport: 'streamable_http', tools: ['search_emails', 'send_email'] },
  { name: 'postgres', description: 'Read replica of the orders database', transport: 'stdio', tools: ['query'] },
  { name: 'slack', description: 'Workspace messaging', transport: 'streamable_http', tools: ['post_message'] },
  { name: 'jira', description: 'Issue tracker', transport: 'streamable_http', tools: ['create_ticket', 'get_ticket'] },
];

export const AI_DEMO_AGENTS: readonly DemoAgent[] = [
  {
    name: 'inbox-assistant', owner: 'maria.g@acmecorp.com', description: 'Drafts replies to customer mail with context from shared files and the web',
    framework: 'langgraph', models: ['claude-3-5-sonnet'], servers: ['filesystem', 'fetch', 'gmail'],
    mix: [['gmail/search_emails', 4], ['filesystem/read_file', 3], ['fetch/fetch', 2], ['gmail/send_email', 1]], runsPerHour: 3, errorRate: 0.02, trifectaRunEvery: 6,
  },
  {
    name: 'sql-analyst', owner: 'data-team@acmecorp.com', description: 'Answers questions about orders and posts the charts to Slack',
    framework: 'openai-agents', models: ['gpt-4o'], servers: ['postgres', 'slack'],
    mix: [['postgres/query', 5], ['slack/post_message', 1]], runsPerHour: 2, errorRate: 0.01,
    drift: { tool: 'fetch/fetch', factor: 4, errorRate: 0.45 },
  },
  {
    name: 'docs-helper', owner: 'platform@acmecorp.com', description: 'Answers questions from the engineering handbook',
    framework: 'llamaindex', models: ['gpt-4o-mini'], servers: ['filesystem'],
    mix: [['filesystem/read_file', 4], ['filesystem/list_directory', 1]], runsPerHour: 4, errorRate: 0.01,
  },
  {
    name: 'ticket-summarizer', owner: null, description: 'Summarizes new tickets for the morning stand-up',
    framework: 'crewai', models: [], servers: ['jira'],
    mix: [['jira/get_ticket', 5], ['jira/create_ticket', 1]], runsPerHour: 1, errorRate: 0.03, extraModels: ['mistral-large'],
  },
];

interface AiDemoState { seed: number; start: number; drift_from: number; fed_until: number; agents: Record<string, string> }

/** One agent's events in one hour, deterministic for (seed, agent, hour). */
export function agentHour(seed: number, a: DemoAgent, hourStart: number, drifting: boolean): { type: AgentEventType; ts: string; run_id?: string; model?: string; input_tokens?: number; output_tokens?: number; server?: string; tool?: string; outcome?: CallOutcome; error?: string }[] {
  const rng = new Rng(seedFrom(seed, a.name, hourStart));
  const hourOfDay = new Date(hourStart).getUTCHours();
  const business = hourOfDay >= 7 && hourOfDay < 19 ? 1 : 0.25;
  const runs = rng.poisson(a.runsPerHour * business * (drifting && a.drift ? a.drift.factor : 1));
  const errorRate = drifting && a.drift ? a.drift.errorRate : a.errorRate;
  const models = [...a.models, ...(a.extraModels ?? [])];
  const out: ReturnType<typeof agentHour> = [];
  const hourIndex = Math.floor(hourStart / HOUR);
  for (let r = 0; r < runs; r++) {
    let t = hourStart + Math.floor(((r + rng.next()) / Math.max(1, runs)) * (HOUR - 120_000));
    const at = () => new Date((t += rng.int(200, 4_000))).toISOString();
    const run_id = `${a.name}-${hourIndex}-${r}`;
    out.push({ type: 'run_start', ts: at(), run_id });
    const tools: string[] = a.trifectaRunEvery && r === 0 && hourIndex % a.trifectaRunEvery === 0
      ? ['gmail/search_emails', 'filesystem/read_file', 'fetch/fetch', 'gmail/send_email']
      : Array.from({ length: rng.int(1, 3) }, () => rng.weighted(a.mix));
    if (drifting && a.drift && rng.chance(0.5)) tools.push(a.drift.tool);
    for (const full of tools) {
      if (models.length) out.push({ type: 'llm_call', ts: at(), run_id, model: models.length > 1 && rng.chance(0.3) ? models[1] : models[0], input_tokens: rng.int(400, 6_000), output_tokens: rng.int(50, 900) });
      const [server, tool] = full.split('/') as [string, string];
      const failed = rng.chance(errorRate);
      out.push({ type: 'tool_call', ts: at(), run_id, server, tool, outcome: failed ? 'error' : 'ok', ...(failed ? { error: 'TimeoutError' } : {}) });
    }
    out.push({ type: 'run_stop', ts: at(), run_id });
  }
  return out;
}

function readState(db: SqlRunner): AiDemoState | null {
  const raw = readSetting(db, AI_DEMO_SETTING);
  return raw ? (JSON.parse(raw) as AiDemoState) : null;
}

type DemoEvent = ReturnType<typeof agentHour>[number];
/** Where the fleet's activity goes: through the operations as the SDK calls them, or straight to the engine's services. */
type Report = (agentId: string, events: DemoEvent[]) => void;

/** As the SDK reports: agents.reportEvents through dispatch, with an SDK key's scope (validated, audited). */
const sdkReport = (engine: Engine, dispatch: Dispatch): Report => (agentId, events) => {
  dispatch(engine, 'agents.reportEvents', { agent_id: agentId, events }, AI_DEMO_SDK);
};
/** The console host's continuation: what the agents.reportEvents handler does (the tick has no dispatch of its own). */
const directReport = (engine: Engine): Report => (agentId, events) => {
  engine.agentActivity.report(agentId, events, 0, AI_DEMO_SDK.actor);
  engine.aiPosture.activityReported(agentId);
};

/** Reports every agent's activity for whole hours in [from, to), in batches. */
function feed(report: Report, state: AiDemoState, from: number, to: number): number {
  let events = 0;
  for (const a of AI_DEMO_AGENTS) {
    const id = state.agents[a.name];
    if (!id) continue;
    let batch: ReturnType<typeof agentHour> = [];
    const flush = () => {
      if (!batch.length) return;
      report(id, batch);
      events += batch.length;
      batch = [];
    };
    for (let h = from; h < to; h += HOUR) {
      batch.push(...agentHour(state.seed, a, h, h >= state.drift_from));
      if (batch.length >= 500) flush();
    }
    flush();
  }
  return events;
}

/**
 * Registers the AI demo fleet (servers, then agents) and reports `hours` of their activity ending at the last
 * whole hour before `end`; the last day is when sql-analyst drifts. Returns the agents' ids by name.
 */
export function seedAiFleet(engine: Engine, dispatch: Dispatch, opts: { seed: number; end: number; hours: number; actor: Actor }): { agents: Record<string, string>; events: number } {
  for (const s of AI_DEMO_SERVERS) {
    dispatch(engine, 'assets.register', { kind: 'mcp_server', name: s.name, description: s.description, transport: s.transport, tools: s.tools, owner: 'platform@acmecorp.com' }, AI_DEMO_SDK);
  }
  const agents: Record<string, string> = {};
  for (const a of AI_DEMO_AGENTS) {
    const out = dispatch(engine, 'assets.register', {
      kind: 'agent', name: a.name, description: a.description, framework: a.framework, models: a.models, mcp_servers: a.servers,
      environment: 'production', ...(a.owner ? { owner: a.owner } : {}),
    }, AI_DEMO_SDK) as OpOutput<'assets.register'>;
    agents[a.name] = out.asset.id;
  }
  const fedUntil = Math.floor(opts.end / HOUR) * HOUR;
  const start = fedUntil - opts.hours * HOUR;
  const state: AiDemoState = { seed: opts.seed, start, drift_from: fedUntil - 24 * HOUR, fed_until: fedUntil, agents };
  const events = feed(sdkReport(engine, dispatch), state, start, fedUntil);
  engine.audit.record(opts.actor, 'demo.register_ai_live', { agents: Object.keys(agents).length }, () => writeSetting(engine.sql, AI_DEMO_SETTING, JSON.stringify(state)));
  return { agents, events };
}

/** Whether this database already holds the AI demo fleet (a repeated simulation adds nothing). */
export function aiDemoSeeded(engine: Engine): boolean {
  return readState(engine.sql) !== null;
}

/** The console host's tick: reports the AI demo fleet's activity for every whole hour since it was last fed. */
export function advanceAiDemo(engine: Engine, now: number): number {
  const state = readState(engine.sql);
  if (!state) return 0;
  const until = Math.min(Math.floor(now / HOUR) * HOUR, state.fed_until + MAX_HOURS_PER_ADVANCE * HOUR);
  if (until <= state.fed_until) return 0;
  const events = feed(directReport(engine), state, state.fed_until, until);
  writeSetting(engine.sql, AI_DEMO_SETTING, JSON.stringify({ ...state, fed_until: until }));
  return events;
}
