// The continuous pipeline: an ingest observer that, per batch and inside its transaction, rolls events up
// per entity and hour, updates baselines, runs every detector and upserts anomalies; at the end of the
// transaction (endCommit, after one batch or several) it writes what the batches changed and tells
// afterBatch listeners (posture, incidents). Incremental only: it never
// rereads past events. Everything it derives is written in the batch's own transaction, and a process
// whose in-memory state is older than the database's (another process wrote, or a transaction of its
// own rolled back) reloads it first. tick() runs the time-driven checks (unexpected_offline, inventory review).
import type { EntityType } from '@shared/domain/enums';
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { Anomaly } from '../anomalies/types';
import { BaselineStore, type BehavioralBaseline } from '../baseline/baseline-store';
import { DnsNames } from '../baseline/dns-names';
import { SETTLE_CHUNK } from '../baseline/baseline-store';
import { makeDest, type Dest, type EntityStats, type HourBucket } from '../baseline/entity-stats';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { SqlRunner } from '../db/sql';
import { loadDetectConfig, type DetectConfig } from '../detect/config';
import { FleetDestinations } from '../detect/fleet-destinations';
import { isFailedFlow } from '../detect/flow-facts';
import { createDetectors } from '../detect/registry';
import type { Detector, FlowFacts, InventoryFacts } from '../detect/types';
import { UserActivity } from '../detect/user-activity';
import type { IngestObserver } from '../ingest/ingestor';
import type { IndicatorLabels } from '../intel/intel-store';
import type { EntityRef, Inventory } from '../inventory/inventory';
import type { Logger } from '../log';
import { BatchContext } from './batch-context';
import { DerivedStateStore, type FirmwareJudged } from './derived-state-store';

export interface PipelineDeps {
  db: Db; clock: Clock; log: Logger; inventory: Inventory; anomalies: AnomalyStore; config?: DetectConfig;
  /** The intel store, for the labels of an indicator a detection names. */
  intel: IndicatorLabels;
  /** The engine's SQL layer (engine.sql); one of its own over `db` when not given. */
  sql?: SqlRunner;
  /** false: roll-ups and baselines only (rebuilding derived tables from stored events judges nothing again). */
  detectors?: boolean;
  /** Whether another process is ingesting into this database now: tick() leaves the time-driven checks to it meanwhile. */
  ingestElsewhere?: () => boolean;
}

/** What one batch (or tick) changed: posture and incidents subscribe to this. */
export interface BatchOutcome { dirty: EntityRef[]; anomalies: Anomaly[]; watermark: number }
export type AfterBatchListener = (o: BatchOutcome) => void;

const DAY = 86_400_000;

export class ContinuousPipeline implements IngestObserver {
  baselines!: BaselineStore;
  dns!: DnsNames;
  fleet!: FleetDestinations;
  users!: UserActivity;
  detectors!: Detector[];
  private flowDetectors!: Detector[];
  private eventDetectors!: Detector[];
  private firmwareDetectors!: Detector[];
  private ctx!: BatchContext;
  private readonly listeners = new Set<AfterBatchListener>();
  /** Entities the current batch changed, in the order it met them (EntityStats.dirty marks them: a flag, not a Set lookup per event). */
  private readonly dirty: EntityStats[] = [];
  /** Stored destinations the batch touched from their second contact on: their increments are written at its end. */
  private destWrites: [Dest, EntityStats][] = [];
  /** Devices whose inventory firmware this process has compared with what was last judged. */
  private firmwareChecked = new WeakSet<EntityStats>();
  private firmware = new Map<string, FirmwareJudged>();
  private readonly state: DerivedStateStore;
  /** The derived_state generation the in-memory state matches (-1: never loaded). */
  private generation = -1;
  private firmwareSaved = false;
  /** Events of the batches handed over since the last endCommit (their changes wait for it). */
  private judged = 0;
  private cfg: DetectConfig;
  private watermarkMs = 0;
  private lastOfflineCheck = 0;
  private inventoryVersion = '';
  private futureLimit = 0;
  private readonly facts = {} as FlowFacts;
  private offlineEveryMs: number;
  private learningMs: number;
  private readonly sql: SqlRunner;

  constructor(private readonly deps: PipelineDeps) {
    const { db } = deps;
    this.sql = deps.sql ?? new SqlRunner(db, deps.log);
    this.cfg = deps.config ?? loadDetectConfig(this.sql, (m) => deps.log.warn(m));
    this.offlineEveryMs = this.cfg.offline.check_every_s * 1000;
    deps.inventory.discoverUnknownHosts = this.cfg.attribute_unknown_hosts;
    this.learningMs = this.cfg.baseline.learning_days * DAY;
    this.state = new DerivedStateStore(this.sql);
    // One read transaction: the generation and the state loaded are the same snapshot.
    this.sql.transaction(() => this.load());
  }

  /** (Re)builds every piece of in-memory state from the database. */
  private load(): void {
    const { anomalies, log } = this.deps;
    const sqlRunner = this.sql;
    this.generation = this.state.generation();
    this.dns = new DnsNames(sqlRunner);
    this.baselines = new BaselineStore(sqlRunner, () => this.cfg, this.dns);
    this.fleet = new FleetDestinations();
    this.users = new UserActivity(this.deps.inventory.userDeviceLinks());
    this.detectors = this.deps.detectors === false ? [] : createDetectors(this.users, this.deps.intel, anomalies, sqlRunner);
    this.flowDetectors = this.detectors.filter((d) => d.onFlow);
    this.eventDetectors = this.detectors.filter((d) => d.onEvent);
    this.firmwareDetectors = this.detectors.filter((d) => d.onFirmware);
    this.ctx = new BatchContext(this.deps.inventory, this.cfg, this.baselines, this.dns, this.fleet, anomalies, log);
    this.watermarkMs = 0;
    for (const s of this.baselines.all()) {
      if (s.lastDataAt > this.watermarkMs) this.watermarkMs = s.lastDataAt;
      for (const ip of s.dests.keys()) this.fleet.add(ip);
      for (const name of s.names) this.fleet.addName(name);
    }
    this.ctx.watermark = this.watermarkMs;
    this.lastOfflineCheck = this.state.lastOfflineCheck() || this.watermarkMs;
    this.firmwareChecked = new WeakSet();
    this.firmware = this.state.firmware();
    for (const [id, f] of this.firmware) for (const d of this.firmwareDetectors) d.restoreFirmware?.(id, f.judged);
  }

  /** Reloads when the database moved past what memory holds: another process wrote, or our last transaction rolled back. */
  private sync(): void {
    if (this.state.generation() !== this.generation) this.load();
  }

  /** The data-time watermark: the newest event time seen (epoch ms). */
  get watermark(): number {
    return this.watermarkMs;
  }

  get config(): DetectConfig {
    return this.cfg;
  }

  /** Applies a new configuration (validated by the caller, e.g. saveDetectConfig). */
  setConfig(cfg: DetectConfig): void {
    this.cfg = cfg;
    this.deps.inventory.discoverUnknownHosts = cfg.attribute_unknown_hosts;
    this.ctx.cfg = cfg;
    this.offlineEveryMs = cfg.offline.check_every_s * 1000;
    this.learningMs = cfg.baseline.learning_days * DAY;
  }

  afterBatch(listener: AfterBatchListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The entity's baseline as the database holds it now: when another process (a CLI ingest) wrote since
   * memory was loaded, that one entity is read afresh (a read never reloads the whole fleet; the next write does).
   */
  behavioralBaseline(entityId: string, entityType?: EntityType): BehavioralBaseline {
    const { db } = this.deps;
    if (db.open && !db.inTransaction && this.state.generation() !== this.generation) {
      return this.sql.transaction(() => new BaselineStore(this.sql, () => this.cfg, new DnsNames(this.sql, { preload: false }), entityId).behavioralBaseline(entityId, entityType));
    }
    return this.baselines.behavioralBaseline(entityId, entityType);
  }

  /**
   * IngestObserver: one batch, inside its transaction: rolled up and judged (the detectors' end of batch).
   * What it changed is written by endCommit, once for all the batches of the transaction.
   */
  onBatch(events: AttributedEvent[]): void {
    // Memory already holds this transaction's earlier batches: the generation moves only at endCommit.
    if (this.judged === 0) this.sync();
    this.futureLimit = this.deps.clock.now() + DAY;
    try {
      for (let i = 0; i < events.length; i++) this.process(events[i]);
      this.ctx.watermark = this.watermarkMs;
      for (const d of this.detectors) d.endBatch?.(this.ctx);
      this.judged += events.length;
    } catch (err) {
      this.forgetBatch();
      throw err;
    }
  }

  /** IngestObserver: the transaction's batches are all in: writes what they changed and tells the listeners. */
  endCommit(): void {
    if (this.judged === 0) return;
    try {
      this.finishCommit(this.judged);
    } catch (err) {
      this.forgetBatch();
      throw err;
    }
    this.judged = 0;
  }

  /** IngestObserver: the transaction holding the batches since the last endCommit rolled back. */
  rolledBack(): void {
    this.forgetBatch();
  }

  /**
   * A transaction holding batches failed and rolls back: memory holds them (or part of one), and the generation
   * in the database may be the one memory was loaded at (a failure before finishCommit marks the write), so
   * nothing else would make the next batch reload. Without this, a retried batch was counted twice.
   * The entities themselves go with the reload; the lists of them are the pipeline's own.
   */
  private forgetBatch(): void {
    this.dirty.length = 0;
    this.destWrites = [];
    this.judged = 0;
    this.generation = -1;
  }

  /**
   * IngestObserver: the ingest ended. Merges the DNS names waiting in dns_learned and writes the whole rows
   * of every entity whose changes wait in the baseline journal (in short transactions, so the console is not
   * kept waiting), leaving both empty: the derived tables alone then say everything, as a clean run's would.
   */
  settle(): void {
    for (;;) {
      this.sql.turns.yieldTurn();
      const more = this.deps.db.transaction(() => {
        this.sync();
        this.dns.merge();
        if (this.baselines.pendingCount === 0) return false;
        this.baselines.checkpointSome(SETTLE_CHUNK, this.deps.clock.now(), this.state.nextWrite());
        this.generation = this.state.bump(this.lastOfflineCheck);
        return this.baselines.pendingCount > 0;
      }).immediate();
      if (!more) return;
    }
  }

  /**
   * Time-driven checks: unexpected_offline (as of `now` when it is within the live window of the data
   * watermark, else as of the watermark, so a replay of old data does not find the whole fleet silent)
   * and a review of the inventory's firmware when it changed. Runs in its own transaction.
   * While another process ingests, it does nothing: that process runs the same checks as its data time
   * moves, and each of its commits would make this one reload the whole fleet (a second or more of a
   * long-running process's event loop at a million events) for checks that data in flight makes moot.
   * The next tick after the ingest reloads once and runs them.
   */
  tick(now: number = this.deps.clock.now()): BatchOutcome {
    const { db } = this.deps;
    const outer = db.inTransaction;
    if (!outer && this.deps.ingestElsewhere?.() === true) return this.skipped();
    // A reload (another process wrote) runs in a read transaction: readers never hold the write lock,
    // and reloading a fleet under load takes seconds that another writer (a CLI ingest) must not wait.
    if (!outer) db.transaction(() => this.sync())();
    const live = now >= this.watermarkMs && now - this.watermarkMs <= this.cfg.offline.live_window_s * 1000;
    const asOf = live ? now : this.watermarkMs;
    const outcome = db.transaction(() => {
      // Another writer committed between that read and this lock: never reload under the lock; the next tick runs.
      if (!outer && this.state.generation() !== this.generation) return null;
      this.sync();
      this.firmwareSaved = false;
      this.reviewInventory(asOf);
      this.runTimeDetectors(asOf);
      if (this.firmwareSaved) this.generation = this.state.bump(this.lastOfflineCheck);
      return this.notify();
    }).immediate();
    return outcome ?? this.skipped();
  }

  /** What a tick that ran no check changed: nothing. */
  private skipped(): BatchOutcome {
    return { dirty: [], anomalies: [], watermark: this.watermarkMs };
  }

  private process(ev: AttributedEvent): void {
    const ts = ev.ts;
    if (ts > this.watermarkMs && ts <= this.futureLimit) {
      this.watermarkMs = ts;
      // Time-driven checks follow data time inside a batch too, so a silence is seen when it happens.
      if (ts - this.lastOfflineCheck >= this.offlineEveryMs) this.runTimeDetectors(ts);
    }
    let type = ev.entity_type;
    let id = ev.entity_id;
    if (id === null || type === null) {
      // Events handed over without ingest's attribution (raw sensor logs in tests and tools): the same rule.
      const ref = this.deps.inventory.discoverableAt(ev.src_ip) ?? this.deps.inventory.discoverableAt(ev.dst_ip);
      if (ref === undefined) return this.unattributed(ev);
      type = ref.type;
      id = ref.id;
    }
    let outbound = true;
    // Discovered devices (hosts of this network the inventory does not hold) are attributed at ingest, named by their address.
    const unmanaged = type === 'device' && ev.device_id === undefined && this.deps.inventory.isDiscovered(id);
    if (unmanaged) outbound = id === ev.src_ip;
    else if (type !== 'user' && ev.device_id === undefined && ev.workload_id === undefined && ev.src_ip !== undefined) {
      // Attribution by address tries the source first, so an event attributed any other way is inbound.
      const bySrc = this.deps.inventory.entityForIp(ev.src_ip);
      outbound = bySrc !== undefined && bySrc.id === id;
    }
    const s = this.baselines.get(type, id);
    if (unmanaged) s.unmanaged = true;
    s.seen(ts);
    const b = s.hourFor(ts);
    b.events++;
    // Per event, not per batch: where a batch ends (a resumed ingest ends them elsewhere) must not move established_at.
    // The span test first: it is what keeps nearly every entity out, at the cost of one subtraction.
    if (!s.established && s.lastDataAt - s.firstDataAt >= this.learningMs) this.baselines.checkEstablished(s);
    if (!s.dirty) {
      s.dirty = true;
      this.dirty.push(s);
    }
    switch (ev.kind) {
      case 'flow':
        if (outbound && ev.dst_ip !== undefined) this.flow(ev, s, b);
        else {
          // Traffic towards the entity: what it received is what the peer sent.
          b.bytesIn += ev.bytes_out ?? 0;
          b.bytesOut += ev.bytes_in ?? 0;
        }
        break;
      case 'dns':
        b.dns++;
        if (ev.query !== undefined && ev.answers !== undefined && ev.answers.length > 0) this.dns.learn(ev.query, ev.answers, ts);
        break;
      case 'auth':
        if (ev.outcome === 'failure') b.authFail++;
        else b.authOk++;
        break;
      case 'firmware':
        if (type === 'device' && !unmanaged) this.firmwareReport(ev, id);
        break;
    }
    const ctx = this.ctx;
    for (let i = 0; i < this.eventDetectors.length; i++) this.eventDetectors[i].onEvent!(ev, s, ctx);
    if (ev.user_id !== undefined) {
      this.users.note(ev);
      ctx.touch('user', ev.user_id);
    }
    if (type === 'device' && !unmanaged && !this.firmwareChecked.has(s)) {
      this.firmwareChecked.add(s);
      this.inventoryFirmware(id, ts);
    }
  }

  private flow(ev: AttributedEvent, s: EntityStats, b: HourBucket): void {
    const ip = ev.dst_ip!;
    const port = ev.dst_port ?? 0;
    const bo = ev.bytes_out ?? 0;
    b.connections++;
    b.bytesOut += bo;
    b.bytesIn += ev.bytes_in ?? 0;
    s.addPort(port);
    let dest = s.dests.get(ip);
    let isNew = false;
    let stored = true;
    // The DNS name matters for destinations new to the entity (known ones are judged by address).
    let name: string | undefined;
    if (dest === undefined) {
      name = this.dns.nameOf(ip);
      isNew = name === undefined || !s.names.has(name);
      dest = makeDest(ip, 0, 0, ev.ts, ev.ts, -1, 0, 0, 0);
      // A noisy entity past its cap still gets judged; its extra destinations are just not remembered.
      if (s.dests.size < this.cfg.baseline.max_destinations) {
        s.dests.set(ip, dest);
        s.newDests.push(dest);
      } else stored = false;
      this.fleet.add(ip);
      if (name !== undefined && s.addName(name)) this.fleet.addName(name);
    }
    dest.count++;
    dest.bytesOut += bo;
    if (ev.ts > dest.last) dest.last = ev.ts;
    else if (ev.ts < dest.first) dest.first = ev.ts;
    // A flag, not a Map: this runs for every flow.
    if (stored && dest.count >= 2 && !dest.queued) {
      dest.queued = true;
      this.destWrites.push([dest, s]);
    }
    if (dest.hour !== b.hour) {
      dest.hour = b.hour;
      dest.hourBytes = 0;
      b.distinct++;
    }
    dest.hourBytes += bo;
    if (s.established) {
      const since = s.establishedAt ?? 0;
      if (dest.first >= Math.max(since, ev.ts - DAY)) b.newConns++;
      if (!dest.internal || dest.first >= since) b.riskyBytesOut += bo;
    }
    // One facts object reused for every flow: detectors read it during the call and keep values, not it.
    const facts = this.facts;
    facts.ev = ev;
    facts.s = s;
    facts.dest = dest;
    facts.isNew = isNew;
    facts.failed = isFailedFlow(ev);
    facts.port = port;
    facts.name = name;
    const ctx = this.ctx;
    for (let i = 0; i < this.flowDetectors.length; i++) this.flowDetectors[i].onFlow!(facts, ctx);
  }

  /**
   * Identity events no entity explains still feed the user detectors (keyed by user); certificates
   * logged apart from their sessions (Zeek x509) feed the detectors that join them to the sessions.
   */
  private unattributed(ev: AttributedEvent): void {
    if (ev.kind === 'tls' && ev.hash !== undefined) {
      for (let i = 0; i < this.eventDetectors.length; i++) this.eventDetectors[i].onEvent!(ev, null, this.ctx);
      return;
    }
    if (ev.user_id === undefined) return;
    for (let i = 0; i < this.eventDetectors.length; i++) this.eventDetectors[i].onEvent!(ev, null, this.ctx);
    this.users.note(ev);
    this.ctx.touch('user', ev.user_id);
  }

  /** A device reported its firmware: judge the reported version (the inventory fills what the report lacks). */
  private firmwareReport(ev: AttributedEvent, deviceId: string): void {
    const inv = this.ctx.device(deviceId);
    const sameVersion = !ev.firmware_version || !inv?.firmware_version || ev.firmware_version === inv.firmware_version;
    const facts: InventoryFacts = {
      manufacturer: ev.manufacturer ?? inv?.manufacturer ?? null,
      model: ev.model ?? inv?.model ?? null,
      firmware_version: ev.firmware_version ?? inv?.firmware_version ?? null,
      // The inventory's lifecycle status describes the version it holds; a different reported version is unjudged.
      firmware_status: sameVersion ? (inv?.firmware_status ?? null) : null,
      device_type: inv?.device_type ?? null,
    };
    this.runFirmware(deviceId, facts, ev.ts);
  }

  /** A device's first event in this process: judge its inventory firmware unless it was judged on exactly these facts before. */
  private inventoryFirmware(deviceId: string, ts: number): void {
    const facts = this.ctx.device(deviceId);
    if (!facts) return;
    const inventory = JSON.stringify(facts);
    if (this.firmware.get(deviceId)?.inventory === inventory) return;
    this.runFirmware(deviceId, facts, ts, inventory);
  }

  /** Runs the firmware detectors and records, in the same transaction, what they judged. */
  private runFirmware(deviceId: string, facts: InventoryFacts, ts: number, inventory = JSON.stringify(this.ctx.device(deviceId))): void {
    const judged: FirmwareJudged = { inventory, judged: facts };
    this.firmware.set(deviceId, judged);
    this.state.saveFirmware(deviceId, judged);
    this.firmwareSaved = true;
    for (const d of this.firmwareDetectors) d.onFirmware!(deviceId, facts, ts, this.ctx);
  }

  private reviewInventory(asOf: number): void {
    const version = this.deps.inventory.deviceChangeMark();
    if (version === this.inventoryVersion) return;
    this.inventoryVersion = version;
    this.ctx.forgetDevices();
    // all(), not iterate(): detectors write anomalies while we go through the rows.
    for (const row of this.deps.inventory.allFirmwareFacts()) {
      const { device_id, ...facts } = row;
      this.runFirmware(device_id, facts, asOf, JSON.stringify(facts));
    }
  }

  private runTimeDetectors(asOf: number): void {
    this.ctx.watermark = this.watermarkMs;
    for (const d of this.detectors) d.onTick?.(asOf, this.ctx);
    this.lastOfflineCheck = Math.max(this.lastOfflineCheck, asOf);
  }

  private finishCommit(events: number): void {
    const ctx = this.ctx;
    const now = this.deps.clock.now();
    this.baselines.flush(this.dirty, events, now, this.state.nextWrite());
    this.baselines.flushDestinations(this.destWrites);
    this.destWrites = [];
    this.dns.flush();
    for (const s of this.dirty) {
      ctx.touch(s.type, s.id);
      s.dirty = false;
    }
    this.dirty.length = 0;
    this.generation = this.state.bump(this.lastOfflineCheck);
    this.notify();
  }

  private notify(): BatchOutcome {
    const outcome: BatchOutcome = { ...this.ctx.take(), watermark: this.watermarkMs };
    if (outcome.dirty.length === 0 && outcome.anomalies.length === 0) return outcome;
    for (const l of this.listeners) {
      try {
        l(outcome);
      } catch (err) {
        this.deps.log.error('afterBatch listener failed', { error: String(err) });
      }
    }
    return outcome;
  }
}
