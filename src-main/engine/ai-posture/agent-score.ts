// One agent's posture: points off 100 for each thing found (like device posture's factors), grouped by the
// spec's components. Components without data (rule coverage before agent-tool enforcement, red-team results
// before AgentBench, drift before the agent has a history) are listed as not assessed rather than guessed.
import type { AgentPosture, AiFactor } from '@shared/contract/operations/ai-posture';
import type { Asset } from '@shared/contract/operations/assets-schemas';
import { scoreBand } from '@shared/domain/bands';
import type { ToolUsage } from '../assets/agent-activity-store';
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
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const pct = (n: number) => `${Math.round(n * 100)}%`;
const legTools = (t: Trifecta) => t.legs.map((l) => `${l.label}: ${l.tools.map((x) => x.tool).join(', ')}`).join('; ');

function riskProfile(i: AgentScoreInput): AiFactor[] {
  const out: AiFactor[] = [];
  const present = i.staticTrifecta.legs.filter((l) => l.present);
  if (i.staticTrifecta.complete) {
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

export function scoreAgent(i: AgentScoreInput): AgentPosture {
  const trustFactors = trust(i);
  const driftFactors = drift(i);
  const factors: AiFactor[] = [...riskProfile(i), ...trustFactors, ...(driftFactors ?? [])];
  if (i.recent.blocked > 0) factors.push({ factor: 'blocked_calls', component: 'enforcement', points: -Math.min(10, 2 * i.recent.blocked), why: `${i.recent.blocked} tool call${i.recent.blocked > 1 ? 's' : ''} blocked by enforcement in the last day` });
  factors.sort((a, b) => a.points - b.points || a.factor.localeCompare(b.factor));
  const notAssessed = [
    { component: 'rule_coverage', why: 'No agent-tool enforcement rules exist yet, so coverage of its high-risk tool pairs cannot be measured' },
    { component: 'red_team', why: 'No red-team (AgentBench) results recorded for this agent' },
    ...(driftFactors ? [] : [{ component: 'drift', why: `Fewer than ${DRIFT_MIN_BASELINE_CALLS} tool calls in the ${DRIFT_BASELINE_DAYS} days before the last day: no baseline yet (${i.baseline.calls})` }]),
  ];
  const score = clamp(100 + factors.reduce((s, f) => s + f.points, 0));
  return {
    agent_id: i.agent.id, name: i.agent.name, status: i.agent.status, owner: i.agent.owner, score, band: scoreBand(score),
    rule_count: 0,
    // Trust alone on its own 0–100 scale: its worst case (no owner, silent, undeclared model) is 0.
    trust_score: clamp(100 + trustFactors.reduce((s, f) => s + f.points, 0) * 2.5),
    factors, not_assessed: notAssessed,
    risk_profile: { static: i.staticTrifecta, runtime: i.runtime },
  };
}
