// One agent's posture: points off 100 for each thing found (like device posture's factors), grouped by the
// spec's components. Rule coverage is the share of its high-risk tools an agent-tool enforcement rule decides;
// components without data (red-team results before AgentBench, drift before the agent has a history) are
// listed as not assessed rather than guessed.
import type { AgentPosture, AgentToolEntry, AiFactor } from '@shared/contract/operations/ai-posture';
import type { Asset } from '@shared/contract/operations/assets-schemas';
import { scoreBand } from '@shared/domain/bands';
import type { ToolUsage } from '../assets/agent-activity-store';
import type { AgentToolDecision } from '../policy/agent-tools';
import type { TrifectaLeg } from './tool-legs';
import type { Trifecta } from './trifecta';

export const DAY_MS = 24 * 3_600_000;
/** Drift compares the last day with the seven before it, once those hold this many tool calls. */
export const DRIFT_BASELINE_DAYS = 7;
const DRIFT_MIN_BASELINE_CALLS = 20;

export interface AgentScoreInput {
  agent: Asset;
  staticTrifecta: Trifecta;
  runtime: (Trifecta & { run_id: string }) | null;
  recent: ToolUsage;
  baseline: ToolUsage;
  /** What policy decides for each of its tools (agent-tool enforcement), and how many active rules name it. */
  decisions: ReadonlyMap<string, AgentToolDecision>;
  ruleCount: number;
}

/** A rule that decides the call (allow, block, require approval): a person made the call, unlike monitor or the default. */
const covers = (d: AgentToolDecision | undefined): boolean => d !== undefined && d.policy_id !== null && d.action !== 'monitor';
/** A decision that stops the call going out on the agent's own say-so. */
const stops = (d: AgentToolDecision | undefined): boolean => d?.decision === 'block' || d?.decision === 'require_approval';

/**
 * Each tool with the legs it supplies and its decision. A tool is high-risk when the agent has at least two
 * trifecta legs and the tool supplies one of them: those are the pairs an enforcement rule should cover.
 */
function toolMap(i: Pick<AgentScoreInput, 'staticTrifecta' | 'decisions'>): AgentToolEntry[] {
  const legsOf = new Map<string, TrifectaLeg[]>();
  for (const l of i.staticTrifecta.legs) for (const t of l.tools) legsOf.set(t.tool, [...(legsOf.get(t.tool) ?? []), l.leg]);
  const risky = i.staticTrifecta.legs.filter((l) => l.present).length >= 2;
  const names = new Set([...i.decisions.keys(), ...legsOf.keys()]);
  return [...names].sort().map((tool) => {
    const d = i.decisions.get(tool);
    const legs = legsOf.get(tool) ?? [];
    return { tool, legs, high_risk: risky && legs.length > 0, decision: d?.decision ?? 'allow', policy_id: d?.policy_id ?? null, covered: covers(d) };
  });
}

function coverage(i: AgentScoreInput, tools: AgentToolEntry[]): AiFactor[] {
  const risky = tools.filter((t) => t.high_risk);
  const open = risky.filter((t) => !t.covered);
  if (!open.length) return [];
  return [{
    factor: 'uncovered_tool_pairs', component: 'rule_coverage', points: -Math.round((20 * open.length) / risky.length),
    why: `${open.length} of ${risky.length} high-risk tool${risky.length > 1 ? 's' : ''} ha${open.length > 1 ? 've' : 's'} no enforcement rule: ${open.map((t) => t.tool).join(', ')}`,
  }];
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const pct = (n: number) => `${Math.round(n * 100)}%`;
const legTools = (t: Trifecta) => t.legs.map((l) => `${l.label}: ${l.tools.map((x) => x.tool).join(', ')}`).join('; ');

function riskProfile(i: AgentScoreInput): AiFactor[] {
  const out: AiFactor[] = [];
  const present = i.staticTrifecta.legs.filter((l) => l.present);
  // A leg whose every tool policy blocks (or holds for approval) is broken where the agent runs.
  const broken = i.staticTrifecta.complete ? i.staticTrifecta.legs.find((l) => l.tools.every((t) => stops(i.decisions.get(t.tool)))) : undefined;
  if (broken) {
    const by = [...new Set(broken.tools.map((t) => i.decisions.get(t.tool)?.policy_id))].join(', ');
    out.push({ factor: 'lethal_trifecta_contained', component: 'risk_profile', points: -10, why: `Has all three legs of the lethal trifecta, but policy stops every tool of ${broken.label} (${broken.tools.map((t) => t.tool).join(', ')}: ${by})` });
  } else if (i.staticTrifecta.complete) {
    out.push({ factor: 'lethal_trifecta', component: 'risk_profile', points: -35, why: `Has all three legs of the lethal trifecta (${legTools(i.staticTrifecta)}); cheapest to break: ${i.staticTrifecta.cheapest_reason}` });
  } else if (present.length === 2) {
    out.push({ factor: 'two_trifecta_legs', component: 'risk_profile', points: -10, why: `Has two of the three trifecta legs (${present.map((l) => `${l.label}: ${l.tools.map((x) => x.tool).join(', ')}`).join('; ')})` });
  }
  if (i.runtime?.complete) {
    out.push({ factor: 'trifecta_in_run', component: 'risk_profile', points: -10, why: `Used all three legs in one run (${i.runtime.run_id}): ${legTools(i.runtime)}` });
  }
  return out;
}

function trust(i: AgentScoreInput): AiFactor[] {
  const out: AiFactor[] = [];
  if (!i.agent.owner) out.push({ factor: 'no_owner', component: 'trust', points: -15, why: 'No registered owner answers for this agent' });
  if (i.recent.events === 0 && i.baseline.events === 0) out.push({ factor: 'not_reporting', component: 'trust', points: -15, why: `No activity reported through the SDK in the last ${DRIFT_BASELINE_DAYS + 1} days` });
  const declared = new Set(i.agent.models);
  const undeclared = [...new Set([...i.recent.models, ...i.baseline.models])].filter((m) => !declared.has(m)).sort();
  if (undeclared.length) out.push({ factor: 'undeclared_model', component: 'trust', points: -10, why: `Called model${undeclared.length > 1 ? 's' : ''} not declared at registration: ${undeclared.join(', ')}` });
  else if (declared.size === 0) out.push({ factor: 'model_unknown', component: 'trust', points: -5, why: 'No model declared: its model provenance is unknown' });
  return out;
}

/** Drift against the agent's own previous week; null when that week is too thin to be a baseline. */
function drift(i: AgentScoreInput): AiFactor[] | null {
  const b = i.baseline;
  if (b.calls < DRIFT_MIN_BASELINE_CALLS) return null;
  const r = i.recent;
  const out: AiFactor[] = [];
  const fresh = [...r.tools.keys()].filter((t) => !b.tools.has(t)).sort();
  if (fresh.length) out.push({ factor: 'drift_new_tools', component: 'drift', points: -Math.min(15, 5 * fresh.length), why: `Called tool${fresh.length > 1 ? 's' : ''} not used in the previous ${DRIFT_BASELINE_DAYS} days: ${fresh.join(', ')}` });
  const daily = b.calls / DRIFT_BASELINE_DAYS;
  if (r.calls > 3 * daily) out.push({ factor: 'drift_volume', component: 'drift', points: -10, why: `${r.calls} tool calls in the last day against a daily average of ${Math.round(daily)}` });
  const rate = (u: ToolUsage) => (u.events ? u.errors / u.events : 0);
  if (r.events > 0 && rate(r) - rate(b) > 0.1) out.push({ factor: 'drift_error_rate', component: 'drift', points: -10, why: `Error rate ${pct(rate(r))} in the last day against ${pct(rate(b))} before` });
  return out;
}

const rate = (u: ToolUsage) => (u.events ? Math.round((u.errors / u.events) * 1000) / 1000 : 0);
const perDay = (n: number) => Math.round((n / DRIFT_BASELINE_DAYS) * 10) / 10;

/** The last day against the daily average of the week before: what the drift factors compare (the console's drift chart). */
function usageOf(i: AgentScoreInput): AgentPosture['usage'] {
  const names = new Set([...i.recent.tools.keys(), ...i.baseline.tools.keys()]);
  const tools = [...names].map((tool) => ({ tool, recent: i.recent.tools.get(tool) ?? 0, baseline_daily: perDay(i.baseline.tools.get(tool) ?? 0) }))
    .sort((a, b) => Math.max(b.recent, b.baseline_daily) - Math.max(a.recent, a.baseline_daily) || a.tool.localeCompare(b.tool)).slice(0, 12);
  return { recent_calls: i.recent.calls, baseline_daily_calls: perDay(i.baseline.calls), recent_error_rate: rate(i.recent), baseline_error_rate: rate(i.baseline), tools };
}

export function scoreAgent(i: AgentScoreInput): AgentPosture {
  const trustFactors = trust(i);
  const driftFactors = drift(i);
  const tools = toolMap(i);
  const factors: AiFactor[] = [...riskProfile(i), ...coverage(i, tools), ...trustFactors, ...(driftFactors ?? [])];
  if (i.recent.blocked > 0) factors.push({ factor: 'blocked_calls', component: 'enforcement', points: -Math.min(10, 2 * i.recent.blocked), why: `${i.recent.blocked} tool call${i.recent.blocked > 1 ? 's' : ''} blocked by enforcement in the last day` });
  factors.sort((a, b) => a.points - b.points || a.factor.localeCompare(b.factor));
  const notAssessed = [
    { component: 'red_team', why: 'No red-team (AgentBench) results recorded for this agent' },
    ...(driftFactors ? [] : [{ component: 'drift', why: `Fewer than ${DRIFT_MIN_BASELINE_CALLS} tool calls in the ${DRIFT_BASELINE_DAYS} days before the last day: no baseline yet (${i.baseline.calls})` }]),
  ];
  const score = clamp(100 + factors.reduce((s, f) => s + f.points, 0));
  return {
    agent_id: i.agent.id, name: i.agent.name, status: i.agent.status, owner: i.agent.owner, score, band: scoreBand(score),
    rule_count: i.ruleCount,
    // Trust alone on its own 0–100 scale: its worst case (no owner, silent, undeclared model) is 0.
    trust_score: clamp(100 + trustFactors.reduce((s, f) => s + f.points, 0) * 2.5),
    factors, not_assessed: notAssessed,
    risk_profile: { static: i.staticTrifecta, runtime: i.runtime },
    tools,
    usage: usageOf(i),
  };
}
