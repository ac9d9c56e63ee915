// AI posture: scores each agent (agent-score.ts) from the registry and its reported activity, decides its
// lethal trifecta (statically from its tools and those of its registered MCP servers, at run time from its
// last run) and raises the critical `lethal_trifecta` AI anomaly; combines the Agent, MCP and Shadow AI
// dimensions by weight, leaving out (and saying so) any dimension without data. Computed on read and
// after each registration or activity report, so it is current within the request that changed it.
import type { AgentPosture, AiFactor, AiPosture, AiPostureDimension } from '@shared/contract/operations/ai-posture';
import { AI_POSTURE_DIMENSIONS, DEFAULT_AI_WEIGHTS } from '@shared/contract/operations/ai-posture';
import type { Asset } from '@shared/contract/operations/assets-schemas';
import type { Actor } from '@shared/domain/actor';
import { scoreBand } from '@shared/domain/bands';
import { isoOrNull } from '@shared/domain/time';
import type { AiAnomalyStore } from '../ai-anomalies/ai-anomaly-store';
import type { AgentActivityStore } from '../assets/agent-activity-store';
import type { AssetStore } from '../assets/asset-store';
import { schedulerOf, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import { invalid } from '../errors';
import { buildBrief } from './brief';
import { DAY_MS, DRIFT_BASELINE_DAYS, scoreAgent } from './agent-score';
import type { AiPostureStore, AiWeights } from './ai-posture-store';
import type { ToolInfo, TrifectaLeg } from './tool-legs';
import { assessTrifecta } from './trifecta';

export interface AiPostureDeps {
  clock: Clock; store: AiPostureStore; assets: AssetStore; activity: AgentActivityStore; anomalies: AiAnomalyStore;
  /** The Shadow AI score from shadow-AI discovery (shadow-ai/shadow-ai-service.ts); not assessed without it. */
  shadow?: () => Dimension;
  /** Runs the trailing rescoring of an agent that keeps reporting (activityReported); the clock's own by default. */
  scheduler?: Scheduler;
}

/**
 * An agent that reports many batches a second is rescored at most this often (and once more after its
 * last batch): scoring reads a week of its activity, which must not be paid per batch of 100 events,
 * while a score still follows the events that change it within seconds.
 */
export const ACTIVITY_RESCORE_MS = 2_000;

interface Dimension { assessed: boolean; score: number | null; why: string; factors: AiFactor[] }

// What an open finding takes off its subject's 100: the same scale for MCP servers and AI services.
const FINDING_POINTS: Record<string, number> = { critical: 40, high: 25, medium: 10, low: 5 };
const round1 = (n: number) => Math.round(n * 10) / 10;

export class AiPostureService {
  constructor(private readonly deps: AiPostureDeps) {}

  /** The agent's tools: its own list plus the tools of each registered MCP server it names (by id or name). */
  private agentTools(agent: Asset, servers: readonly Asset[]): ToolInfo[] {
    const names = new Set(agent.tools);
    for (const ref of agent.mcp_servers) {
      const server = servers.find((s) => s.id === ref || s.name === ref);
      for (const t of server?.tools ?? []) names.add(t.includes('/') ? t : `${server?.name}/${t}`);
    }
    return [...names].map((name) => ({ name }));
  }

  /** Scores one agent; `report` (on a change, never on a read) raises the trifecta anomaly. */
  private score(seq: number, agent: Asset, servers: readonly Asset[], overrides: Map<string, TrifectaLeg[]>, report = false): AgentPosture {
    const now = this.deps.clock.now();
    const staticTrifecta = assessTrifecta(this.agentTools(agent, servers), overrides);
    const run = this.deps.activity.lastRunTools(seq);
    const runtime = run ? { ...assessTrifecta(run.tools.map((name) => ({ name })), overrides), run_id: run.run_id } : null;
    const posture = scoreAgent({
      agent, staticTrifecta, runtime,
      recent: this.deps.activity.usage(seq, now - DAY_MS, now + 1),
      baseline: this.deps.activity.usage(seq, now - (DRIFT_BASELINE_DAYS + 1) * DAY_MS, now - DAY_MS),
    });
    if (report && (staticTrifecta.complete || runtime?.complete)) this.reportTrifecta(posture);
    return posture;
  }

  private reportTrifecta(p: AgentPosture): void {
    const t = p.risk_profile.runtime?.complete ? p.risk_profile.runtime : p.risk_profile.static;
    const legs = Object.fromEntries(t.legs.map((l) => [l.leg, l.tools.map((x) => x.tool)]));
    this.deps.anomalies.report({
      subject_kind: 'agent', subject_id: p.agent_id, subject_name: p.name, type: 'lethal_trifecta', severity: 'critical', confidence: 0.9,
      description: `Agent ${p.name} has the lethal trifecta: private data (${legs.private_data?.join(', ')}), untrusted content (${legs.untrusted_content?.join(', ')}) and external communication (${legs.external_comms?.join(', ')})`,
      recommended_action: `Break the cheapest leg: ${t.cheapest_reason}`,
      evidence: { legs, cheapest_leg: t.cheapest_leg, run_id: p.risk_profile.runtime?.complete ? p.risk_profile.runtime.run_id : null },
    });
  }

  agent(agentId: string, report = false): AgentPosture {
    const ref = this.deps.assets.agentRef(agentId);
    const agent = this.deps.assets.get(agentId);
    return this.score(ref.seq, agent, this.deps.assets.named('mcp_server', agent.mcp_servers), this.deps.store.overrides(), report);
  }

  /** After a registration or an activity report: rescoring raises the trifecta anomaly at once. */
  refreshAgent(agentId: string): void {
    this.agent(agentId, true);
  }

  private readonly lastRescored = new Map<string, number>();
  private readonly trailing = new Map<string, ScheduledTask>();

  /** An agent reported activity: rescored now, or (if it was moments ago) once more after ACTIVITY_RESCORE_MS. */
  activityReported(agentId: string): void {
    const now = this.deps.clock.now();
    const last = this.lastRescored.get(agentId);
    if (last === undefined || now - last >= ACTIVITY_RESCORE_MS) {
      this.lastRescored.set(agentId, now);
      this.refreshAgent(agentId);
      return;
    }
    if (this.trailing.has(agentId)) return;
    const scheduler = this.deps.scheduler ?? schedulerOf(this.deps.clock);
    this.trailing.set(agentId, scheduler.after(ACTIVITY_RESCORE_MS - (now - last), () => {
      this.trailing.delete(agentId);
      this.lastRescored.set(agentId, this.deps.clock.now());
      this.refreshAgent(agentId);
    }));
  }

  /** Stops pending rescoring (the engine closes). */
  close(): void {
    for (const t of this.trailing.values()) t.cancel();
    this.trailing.clear();
  }

  /** A point of the trend (the background tick): recorded only when the composite changed. */
  recordTrend(): void {
    const p = this.fleet();
    if (p.score !== null) {
      const dim = (d: AiPostureDimension) => p.dimensions.find((x) => x.dimension === d)?.score ?? null;
      this.deps.store.recordScore(this.deps.clock.now(), p.score, { agent: dim('agent'), mcp: dim('mcp'), shadow: dim('shadow') });
    }
  }

  private agentDimension(postures: AgentPosture[]): Dimension {
    if (!postures.length) return { assessed: false, score: null, why: 'No agents registered', factors: [] };
    // Each factor kind's share of the mean: the dimension's factors add up to what the agents lost.
    const byFactor = new Map<string, { component: string; points: number; agents: string[] }>();
    for (const p of postures) for (const f of p.factors) {
      const e = byFactor.get(f.factor) ?? { component: f.component, points: 0, agents: [] };
      e.points += f.points;
      e.agents.push(p.name);
      byFactor.set(f.factor, e);
    }
    const factors = [...byFactor.entries()].map(([factor, e]) => ({
      factor, component: e.component, points: round1(e.points / postures.length),
      why: `${e.agents.length} of ${postures.length} agent${postures.length > 1 ? 's' : ''}: ${e.agents.slice(0, 5).join(', ')}${e.agents.length > 5 ? ', …' : ''}`,
    })).sort((a, b) => a.points - b.points);
    const score = Math.round(postures.reduce((s, p) => s + p.score, 0) / postures.length);
    return { assessed: true, score, why: `Mean of ${postures.length} agent score${postures.length > 1 ? 's' : ''} (rule coverage and red-team results not assessed yet)`, factors };
  }

  /** Scored from the findings MCP scanning records, once it has recorded any; until then not assessed. */
  private mcpDimension(servers: readonly Asset[]): Dimension {
    const findings = this.deps.anomalies.list({ subject_kind: 'mcp_server', status: 'all', limit: 1000, offset: 0 }).anomalies;
    if (!findings.length) return { assessed: false, score: null, why: 'No MCP scan results recorded: server integrity, covert instructions, catalog trust and schema stability are not assessed', factors: [] };
    if (!servers.length) return { assessed: false, score: null, why: 'No MCP servers registered', factors: [] };
    const open = findings.filter((a) => a.status === 'open' || a.status === 'acknowledged');
    const factors: AiFactor[] = [];
    let total = 0;
    for (const s of servers) {
      const mine = open.filter((a) => a.subject_id === s.id);
      const lost = Math.min(100, mine.reduce((n, a) => n + (FINDING_POINTS[a.severity] ?? 0), 0));
      total += 100 - lost;
      for (const a of mine) factors.push({ factor: a.type, component: 'integrity', points: round1(-(FINDING_POINTS[a.severity] ?? 0) / servers.length), why: `${s.name}: ${a.description}` });
    }
    return { assessed: true, score: Math.round(total / servers.length), why: `Mean over ${servers.length} registered MCP servers of 100 minus their open scan findings`, factors: factors.sort((a, b) => a.points - b.points) };
  }

  /**
   * The Shadow AI score of shadow-AI discovery: unregistered services in use weighted by users, volume and
   * risk (HIGH ones cost most), explained per service; "not assessed" while there is no discovery data.
   */
  private shadowDimension(): Dimension {
    return this.deps.shadow?.() ?? { assessed: false, score: null, why: 'No shadow-AI discovery data: AI services in use are not assessed', factors: [] };
  }

  fleet(): AiPosture & { postures: AgentPosture[] } {
    const now = this.deps.clock.now();
    const servers = this.deps.assets.inService('mcp_server').map((s) => s.asset);
    const overrides = this.deps.store.overrides();
    const postures = this.deps.assets.inService('agent').map(({ seq, asset }) => this.score(seq, asset, servers, overrides));
    const dims: Record<AiPostureDimension, Dimension> = { agent: this.agentDimension(postures), mcp: this.mcpDimension(servers), shadow: this.shadowDimension() };
    const weights = this.deps.store.weights();
    const assessedWeight = AI_POSTURE_DIMENSIONS.reduce((s, d) => s + (dims[d].assessed ? weights[d] : 0), 0);
    const effective = (d: AiPostureDimension) => (dims[d].assessed && assessedWeight > 0 ? round1((weights[d] * 100) / assessedWeight) : 0);
    const score = assessedWeight > 0
      ? Math.round(AI_POSTURE_DIMENSIONS.reduce((s, d) => s + (dims[d].assessed ? (dims[d].score as number) * weights[d] : 0), 0) / assessedWeight)
      : null;
    return {
      score, band: score === null ? null : scoreBand(score), assessed_at: isoOrNull(now) as string, weights,
      renormalized: AI_POSTURE_DIMENSIONS.some((d) => !dims[d].assessed) && score !== null,
      dimensions: AI_POSTURE_DIMENSIONS.map((d) => ({
        dimension: d, assessed: dims[d].assessed, score: dims[d].score, band: dims[d].score === null ? null : scoreBand(dims[d].score as number),
        weight: weights[d], effective_weight: effective(d), why: dims[d].why, factors: dims[d].factors,
      })),
      agents: {
        total: postures.length,
        trifecta: postures.filter((p) => p.risk_profile.static.complete || p.risk_profile.runtime?.complete).map((p) => ({ agent_id: p.agent_id, name: p.name })),
        lowest: [...postures].sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, 5).map((p) => ({ agent_id: p.agent_id, name: p.name, score: p.score, band: p.band })),
      },
      trend: this.deps.store.trend(),
      postures,
    };
  }

  posture(): AiPosture {
    const { postures: _postures, ...rest } = this.fleet();
    return rest;
  }

  /** The plain-English brief of where the AI fleet stands (brief.ts). */
  brief() {
    const { postures, ...posture } = this.fleet();
    return buildBrief(posture, postures);
  }

  weights(): { weights: AiWeights; defaults: AiWeights } {
    return { weights: this.deps.store.weights(), defaults: { ...DEFAULT_AI_WEIGHTS } };
  }

  setWeights(input: AiWeights, actor: Actor) {
    this.deps.store.setWeights(input, actor);
    return this.weights();
  }

  setToolLegs(input: { tool: string; legs?: TrifectaLeg[]; clear?: boolean; reason: string }, actor: Actor) {
    if (input.clear && input.legs) throw invalid('clear', 'give either legs or clear: true, not both');
    if (!input.clear && !input.legs) throw invalid('legs', 'required (an empty list for none), or clear: true to go back to the rules');
    const legs = input.clear ? null : (input.legs as TrifectaLeg[]);
    this.deps.store.setOverride(input.tool, legs, input.reason, actor, this.deps.clock.now());
    // An override can complete an agent's trifecta: rescore with reporting so the anomaly is raised now.
    const servers = this.deps.assets.inService('mcp_server').map((s) => s.asset);
    const overrides = this.deps.store.overrides();
    for (const { seq, asset } of this.deps.assets.inService('agent')) if (asset.tools.includes(input.tool) || asset.mcp_servers.length) this.score(seq, asset, servers, overrides, true);
    return { tool: input.tool, legs };
  }
}
