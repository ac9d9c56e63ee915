// The engine: one object that owns the database and every domain service. The CLI, the serve mode,
// the MCP server and the Electron main process each open one and talk to it through dispatch().
import { join } from 'node:path';
import { AnomalyStore } from './anomalies/anomaly-store';
import { AuditLog } from './audit/audit-log';
import { systemClock, type Clock } from './clock';
import { DB_FILE } from './data-dir';
import { openDatabase, type Db } from './db/open';
import { applyHeapPolicy } from './heap-policy';
import { QueryTimer } from './db/timed';
import { EnforcementService } from './enforcement/enforcement-service';
import { EventLog } from './events/event-log';
import { linkAnomalyEvents } from './incidents/anomaly-event-link';
import { IncidentService } from './incidents/incident-service';
import { Ingestor } from './ingest/ingestor';
import { IntelStore } from './intel/intel-store';
import { Inventory } from './inventory/inventory';
import { createLogger, type Logger } from './log';
import { ContinuousPipeline } from './pipeline/continuous-pipeline';
import { PolicyService } from './policy/policy-service';
import { PostureService } from './posture/posture-service';

export interface EngineOptions {
  /** Folder holding threatmatic.db; ignored when dbPath is given. */
  dataDir?: string;
  /** An explicit database file, or ':memory:' for tests. */
  dbPath?: string;
  clock?: Clock;
  log?: Logger;
}

/** How often a long-running process runs the time-driven checks (silent devices, firmware review, posture sweep). */
export const BACKGROUND_TICK_MS = 60_000;

export interface BackgroundOptions {
  /**
   * Run the pipeline's time-driven detectors (unexpected_offline, inventory review). Only the process
   * that hosts the console (serve, desktop app) does: a stdio MCP server beside it leaves them to it.
   */
  detectors: boolean;
  tickMs?: number;
}

export class Engine {
  readonly audit: AuditLog;
  readonly events: EventLog;
  readonly inventory: Inventory;
  readonly intel: IntelStore;
  readonly ingest: Ingestor;
  readonly anomalies: AnomalyStore;
  readonly pipeline: ContinuousPipeline;
  readonly posture: PostureService;
  readonly enforcement: EnforcementService;
  readonly policy: PolicyService;
  readonly incidents: IncidentService;
  readonly timer: QueryTimer;

  private constructor(
    readonly db: Db,
    readonly dbPath: string,
    readonly dataDir: string | null,
    readonly clock: Clock,
    readonly log: Logger,
  ) {
    this.timer = new QueryTimer(log);
    this.audit = new AuditLog(db, clock);
    this.events = new EventLog(db, clock, log);
    this.inventory = new Inventory(db, clock, this.timer);
    this.intel = new IntelStore({ db, clock, log, timer: this.timer, audit: this.audit });
    this.ingest = new Ingestor({ db, clock, log, timer: this.timer, inventory: this.inventory, intel: this.intel, audit: this.audit, lockPath: dbPath === ':memory:' ? null : `${dbPath}.ingest-lock` });
    // Anomaly events pass through incident grouping, so each carries its incident_id (anomaly-event-link.ts).
    this.anomalies = new AnomalyStore({ db, clock, audit: this.audit, events: linkAnomalyEvents(this.events, (id, change) => this.incidents.onAnomalyEvent(id, change)) });
    this.pipeline = new ContinuousPipeline({ db, clock, log, inventory: this.inventory, anomalies: this.anomalies });
    this.ingest.addObserver(this.pipeline);
    this.posture = new PostureService({ db, clock, log, timer: this.timer, events: this.events, audit: this.audit, inventory: this.inventory, baseline: (id, type) => this.pipeline.behavioralBaseline(id, type) });
    this.incidents = new IncidentService({ db, clock, log, audit: this.audit, events: this.events, anomalies: this.anomalies, inventory: this.inventory });
    // Incidents first: posture counts active incidents.
    this.pipeline.afterBatch((outcome) => this.incidents.onBatch(outcome));
    this.pipeline.afterBatch((outcome) => this.posture.onBatch(outcome));
    this.enforcement = new EnforcementService({ db, clock, log, audit: this.audit });
    this.policy = new PolicyService({ db, clock, log, audit: this.audit, events: this.events, inventory: this.inventory, enforcement: this.enforcement, baseline: (id) => this.pipeline.behavioralBaseline(id, 'device') });
    this.ingest.addObserver(this.policy.observer);
    this.intel.setBlockResolver((indicator, type) => this.policy.fleetBlockFor(indicator, type));
    this.incidents.onClose((ctx) => this.policy.onIncidentClose(ctx));
  }

  static open(opts: EngineOptions = {}): Engine {
    applyHeapPolicy();
    const dbPath = opts.dbPath ?? (opts.dataDir ? join(opts.dataDir, DB_FILE) : ':memory:');
    const log = opts.log ?? createLogger();
    const db = openDatabase(dbPath);
    return new Engine(db, dbPath, opts.dbPath ? null : (opts.dataDir ?? null), opts.clock ?? systemClock, log);
  }

  private ticker: NodeJS.Timeout | null = null;

  /**
   * What a long-running process does on its own: expire blocks and suspensions on time and deliver
   * enforcement webhooks (policy), notice devices that went silent (pipeline tick), and keep posture
   * and its history current for trends even when nobody asks. Tests and one-shot CLI commands do not call it.
   */
  startBackground(opts: BackgroundOptions): void {
    if (this.ticker) return;
    this.policy.startBackground();
    const tick = () => {
      try {
        if (opts.detectors) this.pipeline.tick();
        this.posture.ensureCurrent(this.clock.now());
      } catch (err) {
        this.log.error('background tick failed', { error: String(err) });
      }
    };
    this.ticker = setInterval(tick, opts.tickMs ?? BACKGROUND_TICK_MS);
    this.ticker.unref();
  }

  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.policy.close();
    this.enforcement.close();
    this.posture.close();
    this.events.close();
    if (this.db.open) this.db.close();
  }
}
