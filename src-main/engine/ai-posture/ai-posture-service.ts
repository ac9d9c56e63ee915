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
import type { AgentActivityStore, ToolUsage } from '../assets/agent-activity-store';
import type { AgentToolDecision } from '../policy/agent-tools';
import type { DecisionIndex } from '../policy/decision-index';
import type { AssetStore } from '../assets/asset-store';
import { schedulerOf, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import { invalid } from '../errors';
import { buildBrief } from './brief';
import { gapScan } from './enforcement-gaps';
import { suggestWeights } from './suggested-weights';
import { DAY_MS, DRIFT_BASELINE_DAYS, scoreAgent } from './agent-score';
import type { AiPostureStore, AiWeights } from './ai-posture-store';
import { classifyTool, type LegMatch, type ToolInfo, type TrifectaLeg } from './tool-legs';
import { assessTrifecta, type Trifecta } from './trifecta';

export interface AiPostureDeps {
  clock: Clock; store: AiPostureStore; assets: AssetStore; activity: AgentActivityStore; anomalies: AiAnomalyStore;
  /** The Shadow AI score from shadow-AI discovery (shadow-ai/shadow-ai-service.ts); not assessed without it. */
  shadow?: () => Dimension;
  /** Moves when the shadow-AI data changes (its store's write count): the cached composite is then recomposed. */
  shadowVersion?: () => number;
  /** Runs the trailing rescoring of an agent that keeps reporting (activityReported); the clock's own by default. */
  scheduler?: Scheduler;
  /** Agent-tool enforcement (the policy engine): decisions for an agent's tools, its rule count, and the decision index (a new object after any policy change). */
  policy?: AgentPolicy;
  /** SQLite's data_version: it changes when another process commits, and then the caches are dropped. */
  dataVersion?: () => number;
  /** The event log's head: findings, assets and policies announce themselves there, so the cached composite follows it. */
  eventsHead?: () => number;
}

interface AgentPolicy {
  /** `ix`: the index this read already holds (asking for it checks SQLite's data_version each time). */
  agentToolDecisions(agentId: string, tools: readonly string[], ix?: DecisionIndex): AgentToolDecision[];
  agentRuleCount(agentId: string, ix?: DecisionIndex): number;
  index(): DecisionIndex;
}

/** One agent in the cache: its row, what SQL said about its activity (at `at`), and its posture scored from that. */
interface AgentEntry {
  seq: number; asset: Asset; at: number; run: { run_id: string; tools: string[] } | null; recent: ToolUsage; baseline: ToolUsage;
  /** When `baseline` was read (it is kept across activity re-reads for up to STALE_MS). */
  baselineAt: number;
  trifecta?: { staticTrifecta: Trifecta; runtime: (Trifecta & { run_id: string }) | null; names: string[] };
  posture: AgentPosture | null;
}

/** The agent-tool rules of a decision index by bucket ('agent:agt_x', 'agent:*', 'fleet' for tool rules), as comparable text. */
function agentBuckets(ix: DecisionIndex | null): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const e of ix?.rules ?? []) {
    const key = e.appliesTo.startsWith('agent:') ? e.appliesTo : e.appliesTo === 'fleet' && e.rule.destination?.startsWith('tool:') ? 'fleet' : null;
    if (key) (out.get(key) ?? out.set(key, []).get(key)!).push(JSON.stringify([e.policy_id, e.rule_index, e.rule, e.from, e.until]));
  }
  return new Map([...out].map(([k, v]) => [k, v.sort().join('\n')]));
}

/** An agent's cached reads are renewed by the background tick after this long even without an event (its day and week windows move). */
const STALE_MS = 60_000;
/** The cached composite is served for at most this long (its time and trend move; a finding may change without an event). */
const COMPOSITE_TTL_MS = 5_000;
/** A read renews agents whose reads are older than this (the background tick renews them after STALE_MS). */
const READ_RENEW_MS = 5 * STALE_MS;
/** At most this many stale agents are read again per request, so a read stays cheap while the cache renews. */
const MAX_STALE_PER_READ = 25;

/**
 * An agent that reports many batches a second is rescored at most this often (and once more after its
 * last batch): scoring reads a week of its activity, which must not be paid per batch of 100 events,
 * while a score still follows the events that change it within seconds.
 */
const ACTIVITY_RESCORE_MS = 2_000;

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

  // ---- The cache: per agent, what SQL said (its last run, a day and a week of use) and the posture scored
  // from it. An event marks only its agent; a policy, override or MCP server change rescores from the cached
  // reads (no SQL); another process's commit (SQLite's data_version) drops everything.
  private entries: Map<string, AgentEntry> | null = null;
  private readonly dirty = new Set<string>();
  private serverCache: Asset[] | null = null;
  private overrideCache: Map<string, TrifectaLeg[]> | null = null;
  private readonly legMemo = new Map<string, LegMatch[]>();
  private policyIx: DecisionIndex | null = null;
  private policyBuckets = new Map<string, string>();
  /** Bumped by anything the composite is computed from; the composite is kept with the version it saw. */
  private version = 0;
  private composite: { value: AiPosture & { postures: AgentPosture[] }; version: number; head: number; shadow: number; at: number } | null = null;
  private dataVersion: number | null = null;

  private servers(): Asset[] {
    return (this.serverCache ??= this.deps.assets.inService('mcp_server').map((s) => s.asset));
  }

  private overrides(): Map<string, TrifectaLeg[]> {
    return (this.overrideCache ??= this.deps.store.overrides());
  }

  private readonly classify = (t: ToolInfo): LegMatch[] => {
    let m = this.legMemo.get(t.name);
    if (!m) this.legMemo.set(t.name, (m = classifyTool(t)));
    return m;
  };

  /** Drops every cached read (another process wrote, or the engine was told to). */
  invalidate(): void {
    this.version++;
    this.entries = null;
    this.serverCache = null;
    this.overrideCache = null;
    this.version++;
    this.legMemo.clear();
    this.dirty.clear();
  }

  /** Another process's commit drops the caches; a policy change (a new decision index) rescores from them. */
  private sync(): void {
    const dv = this.deps.dataVersion?.() ?? null;
    if (dv !== this.dataVersion) {
      this.dataVersion = dv;
      this.invalidate();
    }
    const ix = this.deps.policy?.index() ?? null;
    if (ix !== this.policyIx) {
      this.policyIx = ix;
      // Rescore only the agents whose rules changed: their own bucket, or everyone when an every-agent or
      // fleet-wide tool rule did. A device or user policy changes no agent.
      const buckets = agentBuckets(ix);
      const changed = new Set([...buckets.keys(), ...this.policyBuckets.keys()].filter((k) => buckets.get(k) !== this.policyBuckets.get(k)));
      this.policyBuckets = buckets;
      const all = changed.has('agent:*') || changed.has('fleet');
      for (const e of this.entries?.values() ?? []) if (all || changed.has(`agent:${e.asset.id}`)) e.posture = null;
    }
  }

  /** What SQL says about one agent (the expensive part: its last run and two windows of its activity). */
  private read(seq: number, asset: Asset): AgentEntry {
    const now = this.deps.clock.now();
    // New activity lands in the last day: the week before it is kept from a read less than STALE_MS old.
    const prev = this.entries?.get(asset.id);
    const keep = prev && prev.seq === seq && now >= prev.baselineAt && now - prev.baselineAt < STALE_MS;
    return {
      seq, asset, at: now, posture: null,
      run: this.deps.activity.lastRunTools(seq),
      recent: this.deps.activity.usage(seq, now - DAY_MS, now + 1),
      baseline: keep ? prev.baseline : this.deps.activity.usage(seq, now - (DRIFT_BASELINE_DAYS + 1) * DAY_MS, now - DAY_MS),
      baselineAt: keep ? prev.baselineAt : now,
    };
  }

  /** Its tools' trifecta, statically and in its last run: kept until its row, its servers or an override change. */
  private trifectaOf(e: AgentEntry): NonNullable<AgentEntry['trifecta']> {
    if (e.trifecta) return e.trifecta;
    const overrides = this.overrides();
    const tools = this.agentTools(e.asset, this.servers());
    const staticTrifecta = assessTrifecta(tools, overrides, this.classify);
    const runtime = e.run ? { ...assessTrifecta(e.run.tools.map((name) => ({ name })), overrides, this.classify), run_id: e.run.run_id } : null;
    return (e.trifecta = { staticTrifecta, runtime, names: [...new Set([...tools.map((t) => t.name), ...(e.run?.tools ?? [])])] });
  }

  /** Scores one agent from its reads (no SQL beyond the policy engine's in-memory index). */
  private scoreEntry(e: AgentEntry): AgentPosture {
    const { staticTrifecta, runtime, names } = this.trifectaOf(e);
    const policy = this.deps.policy;
    const ix = this.policyIx ?? undefined;
    const decisions = new Map((policy?.agentToolDecisions(e.asset.id, names, ix) ?? []).map((d) => [d.tool, d]));
    return scoreAgent({ agent: e.asset, staticTrifecta, runtime, recent: e.recent, baseline: e.baseline, decisions, ruleCount: policy?.agentRuleCount(e.asset.id, ix) ?? 0 });
  }

  private postureOf(e: AgentEntry): AgentPosture {
    if (!e.posture) {
      e.posture = this.scoreEntry(e);
      this.version++;
    }
    return e.posture;
  }

  /** Every in-service agent's posture: cached, with the agents an event touched (or grown stale) read again. */
  private postures(): AgentPosture[] {
    this.sync();
    const now = this.deps.clock.now();
    if (!this.entries) {
      this.version++;
      this.entries = new Map(this.deps.assets.inService('agent').map(({ seq, asset }) => [asset.id, this.read(seq, asset)]));
      this.dirty.clear();
    }
    for (const id of this.dirty) this.reload(id);
    this.dirty.clear();
    // Windows move with time: the background tick renews what is older than STALE_MS; a read renews only the
    // stalest few past READ_RENEW_MS (a host without the tick), so reads stay cheap.
    this.renew(now, READ_RENEW_MS, MAX_STALE_PER_READ);
    return [...this.entries.values()].map((e) => this.postureOf(e));
  }

  /** Reads again (oldest first, at most `max`) the agents whose reads are older than `olderThan`. */
  private renew(now: number, olderThan: number, max: number): void {
    if (!this.entries) return;
    const stale = [...this.entries.values()].filter((e) => now - e.at > olderThan).sort((a, b) => a.at - b.at).slice(0, max);
    for (const e of stale) this.entries.set(e.asset.id, this.read(e.seq, this.deps.assets.get(e.asset.id)));
    if (stale.length) this.version++;
  }

  /** Reads one agent again into the cache (or drops it when it was retired). */
  private reload(id: string): AgentEntry | null {
    this.version++;
    let ref;
    try {
      ref = this.deps.assets.agentRef(id);
    } catch {
      this.entries?.delete(id);
      return null;
    }
    if (ref.retired) {
      this.entries?.delete(id);
      return null;
    }
    const e = this.read(ref.seq, this.deps.assets.get(id));
    this.entries?.set(id, e);
    return e;
  }

  /** Scores one agent; `report` (on a change, never on a read) raises the trifecta anomaly. */
  private score(e: AgentEntry, report = false): AgentPosture {
    const posture = this.postureOf(e);
    if (report && (posture.risk_profile.static.complete || posture.risk_profile.runtime?.complete)) this.reportTrifecta(posture);
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
    this.sync();
    const ref = this.deps.assets.agentRef(agentId);
    const cached = this.entries?.get(agentId);
    if (cached && !this.dirty.has(agentId) && this.deps.clock.now() - cached.at <= STALE_MS && !report) return this.postureOf(cached);
    this.dirty.delete(agentId);
    this.version++;
    const e = this.read(ref.seq, this.deps.assets.get(agentId));
    if (ref.retired) this.entries?.delete(agentId);
    else this.entries?.set(agentId, e);
    return this.score(e, report);
  }

  /** After a registration or an activity report: rescoring raises the trifecta anomaly at once. */
  refreshAgent(agentId: string): void {
    this.agent(agentId, true);
  }

  /** An asset was registered, changed or retired: an agent is rescored at once; an MCP server rescores the agents (from cache). */
  assetChanged(asset: { id: string; kind: string }): void {
    if (asset.kind === 'agent') {
      this.dirty.add(asset.id);
      this.refreshAgent(asset.id);
      return;
    }
    this.serverCache = null;
    this.version++;
    for (const e of this.entries?.values() ?? []) {
      e.trifecta = undefined;
      e.posture = null;
    }
  }

  private readonly lastRescored = new Map<string, number>();
  private readonly trailing = new Map<string, ScheduledTask>();

  /** An agent reported activity: rescored now, or (if it was moments ago) once more after ACTIVITY_RESCORE_MS. */
  activityReported(agentId: string): void {
    this.dirty.add(agentId);
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
    this.sync();
    this.renew(this.deps.clock.now(), STALE_MS, Number.POSITIVE_INFINITY);
    const p = this.fleet();
    if (p.score !== null) {
      const dim = (d: AiPostureDimension) => p.dimensions.find((x) => x.dimension === d)?.score ?? null;
      if (this.deps.store.recordScore(this.deps.clock.now(), p.score, { agent: dim('agent'), mcp: dim('mcp'), shadow: dim('shadow') })) this.version++;
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
    return { assessed: true, score, why: `Mean of ${postures.length} agent score${postures.length > 1 ? 's' : ''} (red-team results not assessed yet)`, factors };
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
    const postures = this.postures();
    const head = this.deps.eventsHead?.() ?? 0;
    const shadow = this.deps.shadowVersion?.() ?? 0;
    const c = this.composite;
    if (c && c.version === this.version && c.head === head && c.shadow === shadow && now >= c.at && now - c.at < COMPOSITE_TTL_MS) return c.value;
    const value = this.compose(now, postures);
    this.composite = { value, version: this.version, head, shadow, at: now };
    return value;
  }

  /** The composite from the agents' postures and the MCP and Shadow AI findings. */
  private compose(now: number, postures: AgentPosture[]): AiPosture & { postures: AgentPosture[] } {
    const servers = this.servers();
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

  /** The enforcement gap scan: uncovered high-risk agent-tool pairs, ranked (enforcement-gaps.ts). */
  gaps(input: { agent_id?: string; limit: number }) {
    if (input.agent_id) this.deps.assets.agentRef(input.agent_id);
    return gapScan(this.postures(), input, isoOrNull(this.deps.clock.now()) as string);
  }

  /** The plain-English brief of where the AI fleet stands (brief.ts). */
  brief() {
    const { postures, ...posture } = this.fleet();
    return buildBrief(posture, postures);
  }

  weights(): { weights: AiWeights; defaults: AiWeights } {
    return { weights: this.deps.store.weights(), defaults: { ...DEFAULT_AI_WEIGHTS } };
  }

  /** Weights suggested from the deployment profile, with their reasons (suggested-weights.ts). */
  suggestedWeights() {
    const postures = this.postures();
    const servers = this.servers();
    const open = (a: { status: string }) => a.status === 'open' || a.status === 'acknowledged';
    const mcp = this.deps.anomalies.list({ subject_kind: 'mcp_server', status: 'all', limit: 1000, offset: 0 }).anomalies;
    const shadow = this.deps.anomalies.list({ subject_kind: 'ai_service', status: 'all', limit: 1000, offset: 0 }).anomalies;
    const legs = (p: AgentPosture) => p.risk_profile.static.legs.filter((l) => l.present).length;
    const profile = {
      agents: postures.length, trifecta_agents: postures.filter((p) => legs(p) === 3).length, two_leg_agents: postures.filter((p) => legs(p) === 2).length,
      mcp_servers: servers.length, mcp_scanned: mcp.length > 0, servers_with_findings: new Set(mcp.filter(open).map((a) => a.subject_id).filter((id) => servers.some((s) => s.id === id))).size,
      shadow_assessed: shadow.length > 0, shadow_open: shadow.filter(open).length, shadow_high_risk: shadow.filter((a) => open(a) && (a.severity === 'high' || a.severity === 'critical')).length,
    };
    return { ...suggestWeights(profile), current: this.deps.store.weights(), defaults: { ...DEFAULT_AI_WEIGHTS }, profile };
  }

  setWeights(input: AiWeights, actor: Actor) {
    this.deps.store.setWeights(input, actor);
    this.version++;
    return this.weights();
  }

  setToolLegs(input: { tool: string; legs?: TrifectaLeg[]; clear?: boolean; reason: string }, actor: Actor) {
    if (input.clear && input.legs) throw invalid('clear', 'give either legs or clear: true, not both');
    if (!input.clear && !input.legs) throw invalid('legs', 'required (an empty list for none), or clear: true to go back to the rules');
    const legs = input.clear ? null : (input.legs as TrifectaLeg[]);
    this.deps.store.setOverride(input.tool, legs, input.reason, actor, this.deps.clock.now());
    this.overrideCache = null;
    this.legMemo.clear();
    for (const e of this.entries?.values() ?? []) {
      e.trifecta = undefined;
      e.posture = null;
    }
    // An override can complete an agent's trifecta: rescore with reporting so the anomaly is raised now.
    this.postures();
    for (const e of this.entries?.values() ?? []) if (e.asset.tools.includes(input.tool) || e.asset.mcp_servers.length) this.score(e, true);
    return { tool: input.tool, legs };
  }
}
