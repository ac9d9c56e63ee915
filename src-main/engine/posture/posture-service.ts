// Continuous posture: keeps a precomputed posture row per device, user and workload (and one for the
// fleet) current as telemetry, anomalies, inventory and policies change, and answers the posture
// tools from those rows so every query is a handful of indexed reads.
//
// Reads never write. Rows are recomputed on the write path (after an ingest's batches, after an
// inventory import, a weights change) and on the scheduler (the update queue's timer, the engine's
// background tick: the hourly sweep for time-based factors). An entity whose row is behind what changed
// (pending in the queue, inventory or triage newer than the row, a row older than the sweep) is
// assessed live for the answer, in memory, so a query is still current.
import type { DevicePosture } from '@shared/contract/operations/posture-device';
import { FLEET_INCIDENTS_SHOWN, type FleetPosture } from '@shared/contract/operations/posture-fleet';
import type { FleetFactor } from '@shared/contract/operations/posture-schemas';
import type { UserPosture } from '@shared/contract/operations/posture-user';
import type { WorkloadPosture } from '@shared/contract/operations/posture-workload';
import type { Actor } from '@shared/domain/actor';
import { scoreBand } from '@shared/domain/bands';
import type { EntityType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import { schedulerOf, type Clock, type Scheduler } from '../clock';
import { ComplianceService } from '../compliance/compliance-service';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { BaselineFacts } from '../baseline/baseline-facts';
import { isBusyError, logBackgroundFailure, MAX_LOCK_MS } from '../db/busy';
import type { SqlRunner } from '../db/sql';
import { readSetting, writeSetting } from '../settings/settings-store';
import { notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import type { IncidentStore } from '../incidents/incident-store';
import type { TelemetryStore } from '../ingest/telemetry-store';
import type { IntelStore } from '../intel/intel-store';
import type { EntityRef, Inventory } from '../inventory/inventory';
import type { Logger } from '../log';
import type { PolicyStore } from '../policy/policy-store';
import { assessEntity, assessUser } from './assess-entity';
import { BaselineView, type BaselineProvider } from './baseline-view';
import { StateLoader } from './entity-state';
import { FleetQueries, trendOf, TREND_WINDOW_MS } from './fleet-posture';
import { PolicySource } from './policy-source';
import { FLEET_ID, HOUR_MS, PostureStore, type StoredPosture } from './posture-store';
import { dimensionsView, deviceView, userView, workloadView, type LiveContext } from './posture-views';
import { Recomputer, type RecomputeSummary, type RefSets } from './recompute';
import { UpdateQueue } from './update-queue';
import { loadPostureWeights, storePostureWeights, validatePostureWeights, WEIGHTS_SETTING, type PostureWeights } from './weights';

/** Time-based factors (certificate expiry, 24 h and 7 d windows) are refreshed by a full sweep this often. */
const SWEEP_MS = HOUR_MS;
const SWEPT_SETTING = 'posture.swept';
/** History older than this is pruned on each sweep (the newest row before it is kept per entity). */
const HISTORY_KEEP_MS = 30 * 24 * HOUR_MS;

export interface PostureDeps {
  sql: SqlRunner; clock: Clock; log: Logger; events: EventLog; audit: AuditLog; inventory: Inventory;
  anomalies: AnomalyStore; incidents: IncidentStore;
  /** The other domains' tables posture and compliance read, each through its owner's store. */
  telemetry: TelemetryStore; policies: PolicyStore; baselineFacts: BaselineFacts; intel: Pick<IntelStore, 'feedFreshness'>;
  /** The behaviour pipeline's behavioral_baseline, when the engine runs one. */
  baseline?: BaselineProvider;
  /** Runs the delayed flush of queued rescoring; the clock's own by default. */
  scheduler?: Scheduler;
}

const emptyRefs = (): RefSets => ({ device: new Set(), user: new Set(), workload: new Set() });

export class PostureService {
  readonly compliance: ComplianceService;
  private weights: PostureWeights;
  private readonly policies: PolicySource;
  private readonly loader: StateLoader;
  private readonly store: PostureStore;
  private readonly fleetQueries: FleetQueries;
  private readonly baselines: BaselineView;
  private readonly recomputer: Recomputer;
  private readonly queue: UpdateQueue;
  private checkedAt: number | null = null;
  /** Count and newest update of each inventory table when stale rows were last looked for. */
  private inventoryMark = '';
  /** Events up to this cursor are already reflected in the rows (see watchEvents). */
  private reflectedCursor = 0;
  /** The operator policies (PolicySource.customKey) the last full rescore saw: a policy event rescores everything only when they changed. */
  private reflectedPolicies = '';

  constructor(private readonly deps: PostureDeps) {
    const { sql: runner, inventory, anomalies, incidents, telemetry, policies, baselineFacts: baselines } = deps;
    this.weights = loadPostureWeights(runner, deps.log);
    this.policies = new PolicySource(policies);
    this.loader = new StateLoader({ inventory, anomalies, telemetry, policies, baselines }, this.policies);
    this.store = new PostureStore(runner, deps.events);
    this.fleetQueries = new FleetQueries({ policies, store: this.store, inventory, anomalies, incidents });
    this.baselines = new BaselineView(baselines, deps.baseline);
    this.recomputer = new Recomputer(runner, inventory, this.loader, this.store, this.fleetQueries, deps.audit);
    this.compliance = new ComplianceService({ sql: runner, clock: deps.clock, inventory, anomalies, incidents, posture: this.store, baselines, telemetry, intel: deps.intel, policies }, () => this.policies.populated);
    this.queue = new UpdateQueue((work) => (work.all ? this.recomputeAll() : this.recompute(work.refs)), deps.log, deps.scheduler ?? schedulerOf(deps.clock));
    this.watchEvents();
  }

  /**
   * The pipeline's afterBatch listener (called inside the ingest transaction): only notes what
   * changed; the rescore follows shortly after, coalesced over batches, or when the ingest ends.
   */
  onBatch(outcome: { dirty: readonly EntityRef[]; anomalies: readonly { entity_type: EntityType; entity_id: string }[] }): void {
    this.queue.add(outcome.dirty);
    this.queue.add(outcome.anomalies.map((a) => ({ type: a.entity_type, id: a.entity_id })));
  }

  /** A discovered device merged into an inventory entity: its row goes, the entity it merged into is rescored. */
  merged(fromDevice: string, to: EntityRef): void {
    this.store.drop('device', fromDevice);
    this.queue.add([to]);
  }

  /** Applies pending updates now. */
  flush(): void {
    this.queue.flush();
  }

  /**
   * The write path's catch-up, after an ingest or an inventory import: applies pending updates and
   * rescores inventory records newer than their rows. A failure to write (another process holds the
   * lock) is logged; the scheduler's sync repairs it.
   */
  catchUp(now = this.deps.clock.now()): void {
    this.queue.flush();
    this.refreshStaleInventory(now);
  }

  /**
   * The scheduler's job (the engine's background tick): catchUp (inventory may have changed in another
   * process), and once per SWEEP_MS a rescore of everything (time-based factors drift; the weights
   * may have changed).
   */
  sync(now = this.deps.clock.now()): void {
    this.catchUp(now);
    this.sweepIfDue(now);
  }

  /** Flushes pending updates; call before closing the database. */
  close(): void {
    if (this.deps.sql.db.open) this.queue.flush();
  }

  get currentWeights(): PostureWeights {
    return { ...this.weights };
  }

  /** Recomputes the posture of entities whose state changed (the pipeline's dirty set after a batch). */
  recompute(refs: readonly EntityRef[], now = this.deps.clock.now()): RecomputeSummary {
    const sets = emptyRefs();
    for (const r of refs) sets[r.type].add(r.id);
    return this.run(sets, now, 'posture.recompute');
  }

  /** Recomputes every entity: at startup, on a policy or weights change, and hourly for time-based factors. */
  recomputeAll(now = this.deps.clock.now()): RecomputeSummary {
    this.weights = loadPostureWeights(this.deps.sql, this.deps.log);
    this.policies.refresh();
    this.reflectedPolicies = this.policies.customKey;
    const sets = emptyRefs();
    for (const type of ['device', 'workload', 'user'] as const) for (const id of this.deps.inventory.ids(type)) sets[type].add(id);
    const summary = this.run(sets, now, 'posture.recompute_all', () => {
      this.store.pruneHistory(now - HISTORY_KEEP_MS);
      writeSetting(this.deps.sql, SWEPT_SETTING, JSON.stringify({ at: now, weights: this.weights }));
    });
    this.checkedAt = now;
    return summary;
  }

  /** Validates and stores new dimension weights (audited), then rescores everything with them. */
  setWeights(value: unknown, actor: Actor): PostureWeights {
    const weights = validatePostureWeights(value);
    this.deps.audit.record(actor, 'posture.set_weights', { key: WEIGHTS_SETTING, weights }, () => storePostureWeights(this.deps.sql, weights));
    this.recomputeAll();
    return weights;
  }

  device(id: string): DevicePosture {
    const now = this.deps.clock.now();
    const d = this.deps.inventory.getDevice(id);
    if (!d) throw notFound('device', id);
    const p = this.current('device', id, now);
    return deviceView(d, p, this.live('device', id), this.weights);
  }

  user(id: string): UserPosture {
    const now = this.deps.clock.now();
    const u = this.deps.inventory.getUser(id);
    if (!u) throw notFound('user', id);
    const p = this.current('user', id, now);
    const deviceIds = this.recomputer.devicesOf([id], now).get(id) ?? [];
    // Each device as its own query would answer it: stored, or live when its row is behind.
    const devices = deviceIds.filter((d) => this.deps.inventory.exists('device', d)).map((d) => {
      const { score } = this.current('device', d, now);
      return { device_id: d, score, band: scoreBand(score) };
    });
    const live: LiveContext = {
      ...this.live('user', id),
      openAnomalies: this.deps.anomalies.countOpenOfUser(id, deviceIds),
    };
    return userView(u, p, devices, live, this.weights);
  }

  workload(id: string): WorkloadPosture {
    const now = this.deps.clock.now();
    const w = this.deps.inventory.getWorkload(id);
    if (!w) throw notFound('workload', id);
    return workloadView(w, this.current('workload', id, now), this.live('workload', id), this.weights);
  }

  /** The fleet from the stored rows (the write path and the scheduler keep them current). */
  /** The fleet score over the last `hours` (posture.fleetTrend). */
  fleetTrend(hours: number): { points: { at: string; score: number }[]; since: string } {
    const since = this.deps.clock.now() - hours * HOUR_MS;
    return { points: this.store.historySince('fleet', FLEET_ID, since).map((p) => ({ at: new Date(p.ts).toISOString(), score: p.score })), since: new Date(since).toISOString() };
  }

  fleet(): FleetPosture {
    const now = this.deps.clock.now();
    const row = this.store.get('fleet', FLEET_ID) ?? { ...this.fleetQueries.aggregate(this.weights), assessed_at: now };
    const dayBefore = this.store.scoreAt('fleet', FLEET_ID, now - TREND_WINDOW_MS);
    const { entities_assessed, ...counts } = this.fleetQueries.counts(now);
    return {
      score: row.score,
      trend: trendOf(row.score, dayBefore),
      assessed_at: isoOrNull(now) as string,
      ...counts,
      devices_at_risk: this.fleetQueries.devicesAtRisk(this.weights),
      compliance: this.compliance.states(now),
      band: scoreBand(row.score),
      dimensions: dimensionsView(row.dims, this.weights),
      factors: row.factors as FleetFactor[],
      entities_assessed,
      band_counts: this.fleetQueries.bandCounts(),
      discovered_devices: this.fleetQueries.discoveredDevices(),
      incidents: this.fleetQueries.activeIncidents(FLEET_INCIDENTS_SHOWN),
    };
  }

  /**
   * Once per SWEEP_MS, rescore everything if the last full sweep is older than that (time-based factors
   * drift) or was made with other weights. Failure to write (a busy database) is logged; the next
   * sync tries again.
   */
  private sweepIfDue(now: number): void {
    if (this.checkedAt !== null && now >= this.checkedAt && now - this.checkedAt < SWEEP_MS) return;
    this.checkedAt = now;
    try {
      const weights = loadPostureWeights(this.deps.sql, this.deps.log);
      const raw = readSetting(this.deps.sql, SWEPT_SETTING);
      const swept = raw ? (JSON.parse(raw) as { at: number; weights: PostureWeights }) : null;
      if (!swept || now - swept.at >= SWEEP_MS || now < swept.at || JSON.stringify(swept.weights) !== JSON.stringify(weights)) this.recomputeAll(now);
    } catch (err) {
      // Another process writing (an ingest) is no failure: the next sync tries the sweep again.
      if (isBusyError(err)) this.checkedAt = null;
      else this.deps.log.error('posture sweep failed; serving stored posture', { error: String(err) });
    }
  }

  private run(sets: RefSets, now: number, action: string, alongside?: () => void): RecomputeSummary {
    const summary = this.recomputer.run(sets, now, this.weights, action, alongside);
    if (summary.lockMs > MAX_LOCK_MS) this.deps.log.info('posture recompute held the write lock longer than the bound', { action, entities: summary.entities, ms: Math.round(summary.lockMs), run_ms: Math.round(summary.ms), bound_ms: MAX_LOCK_MS });
    this.reflectedCursor = this.deps.events.head();
    this.compliance.invalidate();
    return summary;
  }

  /**
   * The entity's stored row when it is current, else a live assessment (not stored: reads never write).
   * A row is behind when the entity is pending in the update queue, its inventory record or the status
   * of one of its anomalies changed after it was assessed, or it is older than the sweep interval.
   */
  private current(type: EntityType, id: string, now: number): StoredPosture {
    const stored = this.store.get(type, id);
    if (stored && !this.queue.isPending({ type, id }) && now - stored.assessed_at < SWEEP_MS) {
      const changed = Math.max(this.deps.inventory.updatedAt(type, id) ?? 0, this.deps.anomalies.lastStatusChange(type, id) ?? 0);
      if (stored.assessed_at > changed) return stored;
    }
    return this.assessLive(type, id, now);
  }

  private assessLive(type: EntityType, id: string, now: number): StoredPosture {
    const s = this.loader.load(type, [id], now).get(id);
    if (!s) throw notFound(type, id);
    if (type !== 'user') return { ...assessEntity(s, this.weights, now), assessed_at: now };
    const deviceIds = this.recomputer.devicesOf([id], now).get(id) ?? [];
    const devices = [...this.loader.load('device', deviceIds, now).values()].map((d) => {
      const a = assessEntity(d, this.weights, now);
      return { id: d.id, factors: a.factors, cap: a.cap };
    });
    return { ...assessUser(s, devices, this.weights, now), assessed_at: now };
  }

  private live(type: EntityType, id: string): LiveContext {
    this.policies.refresh();
    return { baseline: this.baselines.get(id, type), activePolicies: this.policies.activeFor(type, id), openAnomalies: this.deps.anomalies.countOpen({ type, id }) };
  }

  /**
   * Entities imported or edited since their row was assessed (or never assessed) are rescored. The
   * join runs only when an inventory table's count or newest update moved since the last look.
   */
  private refreshStaleInventory(now: number): void {
    const { inventory } = this.deps;
    const mark = inventory.changeMark();
    if (mark === this.inventoryMark) return;
    const stale: EntityRef[] = [];
    for (const type of ['device', 'workload', 'user'] as const) {
      const assessed = this.store.assessedAts(type);
      for (const e of inventory.updatedAts(type)) if (!((assessed.get(e.id) ?? -Infinity) > e.updated_at)) stale.push({ type, id: e.id });
    }
    if (stale.length === 0) {
      this.inventoryMark = mark;
      return;
    }
    try {
      this.recompute(stale, now);
      this.inventoryMark = mark;
    } catch (err) {
      logBackgroundFailure(this.deps.log, 'posture refresh of changed inventory failed', err, { entities: stale.length });
    }
  }

  /**
   * Anomaly status changes (acknowledge, resolve) and policy changes reach posture through the event
   * log, whoever wrote them (this process or another): anomalies rescore their entity, a change to the
   * operator's policies everything. Events already reflected by a recompute are skipped.
   */
  private watchEvents(): void {
    this.reflectedCursor = this.deps.events.head();
    this.policies.refresh();
    this.reflectedPolicies = this.policies.customKey;
    this.deps.events.subscribe({}, (e) => {
      if (e.cursor <= this.reflectedCursor) return;
      if (e.event_type === 'policy') {
        // Stored rows depend on the operator's own policies only (coverage); a block or an isolation
        // (the analyst's everyday actions) leaves them as they are and must not rescore the whole fleet.
        this.policies.refresh();
        if (this.policies.customKey !== this.reflectedPolicies) this.queue.addAll();
      } else if (e.event_type === 'anomaly' && e.entity_type && e.entity_id) this.queue.add([{ type: e.entity_type, id: e.entity_id }]);
    });
  }
}
