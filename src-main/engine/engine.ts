// The engine: one object that owns the database and every domain service. The CLI, the serve mode,
// the MCP server and the Electron main process each open one and talk to it through dispatch().
import { dirname, join } from 'node:path';
import { AnomalyStore } from './anomalies/anomaly-store';
import { ApprovalStore } from './approvals/approval-store';
import { AuditKey } from './audit/audit-key';
import { AuditLog } from './audit/audit-log';
import { CHECKPOINTS_FILE } from './audit/checkpoint-file';
import { AuditCheckpointer, type CheckpointPolicy } from './audit/checkpointer';
import { schedulerOf, systemClock, type Clock, type ScheduledTask, type Scheduler } from './clock';
import { DB_FILE } from './data-dir';
import { logBackgroundFailure } from './db/busy';
import { openDatabase, type Db } from './db/open';
import { ensurePrivateDir } from './db/private-files';
import { SqlRunner } from './db/sql';
import { AgentActivityStore } from './assets/agent-activity-store';
import { AssetStore } from './assets/asset-store';
import { AiPostureService } from './ai-posture/ai-posture-service';
import { AiPostureStore } from './ai-posture/ai-posture-store';
import { AiAnomalyStore } from './ai-anomalies/ai-anomaly-store';
import { McpScanStore } from './mcpscan/mcp-scan-store';
import { EnforcementService } from './enforcement/enforcement-service';
import { SecretBox } from './enforcement/secret-box';
import { EventLog } from './events/event-log';
import { IncidentService } from './incidents/incident-service';
import { Ingestor } from './ingest/ingestor';
import { IntelStore } from './intel/intel-store';
import { retroHunt } from './intel/retro-hunt';
import { Inventory } from './inventory/inventory';
import { KeyStore } from './keys/key-store';
import { createLogger, type Logger } from './log';
import { ContinuousPipeline } from './pipeline/continuous-pipeline';
import { PolicyService } from './policy/policy-service';
import { PostureService } from './posture/posture-service';
import { LiveDemoFeed } from './simulate/live-demo';
import { hourlyRollupPruneTarget } from './baseline/baseline-store';
import { eventLogPruneTarget } from './events/event-log';
import { rejectPruneTarget } from './ingest/source-store';
import { TelemetryStore } from './ingest/telemetry-store';
import { BaselineFacts } from './baseline/baseline-facts';
import { BATCH_BUSY_TIMEOUT_MS } from './db/open';
import { WriterTurns } from './db/writer-turns';
import { PolicyStore } from './policy/policy-store';
import { RetentionService } from './retention/retention-service';
import { VulnService } from './vulns/vuln-service';
import { advanceAiDemo } from './simulate/ai-fleet';
import { ShadowAiService } from './shadow-ai/shadow-ai-service';

export interface EngineOptions {
  /** Folder holding threatmatic.db; ignored when dbPath is given. */
  dataDir?: string;
  /** An explicit database file, or ':memory:' for tests. */
  dbPath?: string;
  clock?: Clock;
  /**
   * Runs every timer of the engine (background ticks, retries, flush delays, checkpoints): the clock's own
   * when it is a ManualClock (tests advance it instead of sleeping), else real timers.
   */
  scheduler?: Scheduler;
  log?: Logger;
  /** When the audit chain head is checkpointed on its own (every N entries, on a period). */
  checkpoints?: Partial<CheckpointPolicy>;
  /** How long a statement waits for another process's write lock (see db/open.ts); short in serve and the desktop app. */
  busyTimeoutMs?: number;
  /** Ingest batches of exactly this many events, each committed on its own (tests that need known commit boundaries). */
  ingestBatchEvents?: number;
  /** Events one ingest transaction may hold while no other process's writer waits (commit-budget.ts; benchmarks compare). */
  ingestGroupEvents?: number;
}

/** The folder holding the audit key and checkpoints: the database's own; none for an in-memory database. */
function anchorFolder(dbPath: string): string | null {
  return dbPath === ':memory:' || dbPath === '' ? null : dirname(dbPath);
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
  readonly checkpoints: AuditCheckpointer;
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
  /** MCP API keys: the doors authenticate through it. */
  readonly keys: KeyStore;
  /** Calls held for an analyst's approval (keys created with --require-approval). */
  readonly approvals: ApprovalStore;
  /** The SQL layer every store queries through (db/sql.ts). */
  readonly sql: SqlRunner;
  /** The AI asset registry (agents, MCP servers) and what agents report. */
  readonly assets: AssetStore;
  readonly agentActivity: AgentActivityStore;
  /** Findings about the AI estate: MCP scanning, AI posture and shadow-AI discovery report here. */
  readonly aiAnomalies: AiAnomalyStore;
  /** MCP server scans, pins and approvals (mcp-scan). */
  readonly mcpScans: McpScanStore;
  /** AI posture: agent scores, the lethal trifecta per agent, the Agent/MCP/Shadow AI composite, the brief. */
  readonly aiPosture: AiPostureService;
  /** Stored events and intel hits: their age and retention's deletes. */
  readonly telemetry: TelemetryStore;
  readonly retention: RetentionService;
  /** Vulnerability exposure: CVE/OSV/KEV/EPSS feeds, the tech stack, matches, priority, SLA and status. */
  readonly vulns: VulnService;
  /** Shadow-AI discovery: AI services in use from network telemetry, the browser extension and Copilot logs. */
  readonly shadowAi: ShadowAiService;

  private constructor(
    readonly db: Db,
    readonly dbPath: string,
    readonly dataDir: string | null,
    readonly clock: Clock,
    readonly log: Logger,
    readonly scheduler: Scheduler,
    checkpointPolicy?: Partial<CheckpointPolicy>,
    batchEvents?: number,
    groupEvents?: number,
  ) {
    this.sql = new SqlRunner(db, log);
    // One-shot processes (a CLI ingest) wait for the lock inside statements and pause their batches for
    // another process's waiting writer; long-running ones never pause (writer-turns.ts).
    this.sql.turns = WriterTurns.forDatabase(dbPath, (db.pragma('busy_timeout', { simple: true }) as number) >= BATCH_BUSY_TIMEOUT_MS);
    const anchor = anchorFolder(dbPath);
    this.audit = new AuditLog(this.sql, clock, anchor ? AuditKey.forFolder(anchor) : AuditKey.ephemeral());
    this.checkpoints = new AuditCheckpointer({ clock, log, audit: this.audit, file: anchor ? join(anchor, CHECKPOINTS_FILE) : null, policy: checkpointPolicy });
    this.events = new EventLog(this.sql, clock, log, scheduler);
    this.inventory = new Inventory(this.sql, clock);
    this.intel = new IntelStore({ sql: this.sql, clock, log, audit: this.audit });
    this.ingest = new Ingestor({ db, sql: this.sql, clock, log, inventory: this.inventory, intel: this.intel, audit: this.audit, scheduler, batchEvents, groupEvents, dbPath: dbPath === ':memory:' ? null : dbPath, lockPath: dbPath === ':memory:' ? null : `${dbPath}.ingest-lock` });
    this.anomalies = new AnomalyStore({ sql: this.sql, clock, audit: this.audit, events: this.events });
    this.pipeline = new ContinuousPipeline({ db, sql: this.sql, clock, log, inventory: this.inventory, intel: this.intel, anomalies: this.anomalies, ingestElsewhere: () => this.ingest.runningElsewhere() });
    this.ingest.addObserver(this.pipeline);
    this.incidents = new IncidentService({ sql: this.sql, clock, log, audit: this.audit, events: this.events, anomalies: this.anomalies, inventory: this.inventory });
    // The anomaly store groups each anomaly before logging its event, so the event carries its incident_id.
    this.anomalies.setGrouping((id, change) => this.incidents.onAnomalyEvent(id, change));
    this.telemetry = new TelemetryStore(this.sql, this.log);
    this.posture = new PostureService({
      sql: this.sql, clock, log, scheduler, events: this.events, audit: this.audit, inventory: this.inventory, anomalies: this.anomalies,
      incidents: this.incidents.store, baseline: (id, type) => this.pipeline.behavioralBaseline(id, type),
      telemetry: this.telemetry, policies: new PolicyStore(this.sql), baselineFacts: new BaselineFacts(this.sql), intel: this.intel,
    });
    // Posture is rescored on the write path: when an ingest ends, what its batches queued is applied.
    this.ingest.addObserver({ onBatch: () => {}, onIngestEnd: () => this.posture.catchUp() });
    // Incidents first: posture counts active incidents.
    this.pipeline.afterBatch((outcome) => this.incidents.onBatch(outcome));
    this.pipeline.afterBatch((outcome) => this.posture.onBatch(outcome));
    this.enforcement = new EnforcementService({ sql: this.sql, clock, log, scheduler, audit: this.audit, secrets: SecretBox.forDatabase(dbPath) });
    this.policy = new PolicyService({ sql: this.sql, clock, log, scheduler, audit: this.audit, events: this.events, inventory: this.inventory, enforcement: this.enforcement, intel: this.intel, anomalies: this.anomalies, agents: { exists: (id: string) => this.assets.agentExists(id), names: (ids, limit) => this.assets.agentNames(ids, limit) } });
    this.ingest.addObserver(this.policy.observer);
    this.intel.setBlockResolver((indicator, type) => this.policy.fleetBlockFor(indicator, type));
    // Indicators imported after the telemetry they describe still find it (intel/retro-hunt.ts).
    this.intel.onImported = (touched) => retroHunt({ sql: this.sql, log, intel: this.intel, telemetry: this.telemetry, anomalies: this.anomalies, inventory: this.inventory, config: () => this.pipeline.config }, touched);
    this.incidents.onClose((ctx) => this.policy.onIncidentClose(ctx));
    this.keys = new KeyStore({ sql: this.sql, clock, audit: this.audit });
    this.approvals = new ApprovalStore({ sql: this.sql, clock, audit: this.audit, keys: this.keys });
    this.assets = new AssetStore({ sql: this.sql, clock, audit: this.audit, events: this.events });
    this.agentActivity = new AgentActivityStore({ sql: this.sql, clock, audit: this.audit, assets: this.assets });
    this.mcpScans = new McpScanStore({ sql: this.sql, clock, audit: this.audit });
    this.aiAnomalies = new AiAnomalyStore({ sql: this.sql, clock, audit: this.audit, events: this.events });
    this.shadowAi = new ShadowAiService({ sql: this.sql, clock, audit: this.audit, events: this.events, anomalies: this.aiAnomalies, telemetry: this.telemetry, inventory: this.inventory });
    this.ingest.addObserver(this.shadowAi.observer);
    const aiStore = new AiPostureStore({ sql: this.sql, audit: this.audit });
    this.aiPosture = new AiPostureService({ clock, scheduler, store: aiStore, assets: this.assets, activity: this.agentActivity, anomalies: this.aiAnomalies, policy: this.policy, dataVersion: () => aiStore.dataVersion(), eventsHead: () => this.events.head(), shadow: () => this.shadowAi.dimension(), shadowVersion: () => this.shadowAi.store.version });
    this.retention = new RetentionService({
      sql: this.sql, clock, log, audit: this.audit, scheduler, newestEventTs: () => this.telemetry.newestEventTs(),
      targets: { events: this.telemetry.events, intel_hits: this.telemetry.intelHits, hourly_rollups: hourlyRollupPruneTarget(this.sql), event_log: eventLogPruneTarget(this.sql), rejects: rejectPruneTarget(this.sql), agent_events: this.agentActivity },
    });
    this.vulns = new VulnService({ sql: this.sql, clock, audit: this.audit, events: this.events, inventory: this.inventory });
  }

  static open(opts: EngineOptions = {}): Engine {
    const dbPath = opts.dbPath ?? (opts.dataDir ? join(opts.dataDir, DB_FILE) : ':memory:');
    const log = opts.log ?? createLogger();
    // The data folder holds the database and the secrets key: owner-only, an existing one narrowed too.
    if (!opts.dbPath && opts.dataDir) ensurePrivateDir(opts.dataDir, { tighten: true });
    const db = openDatabase(dbPath, undefined, { busyTimeoutMs: opts.busyTimeoutMs });
    const clock = opts.clock ?? systemClock;
    try {
      return new Engine(db, dbPath, opts.dbPath ? null : (opts.dataDir ?? null), clock, log, opts.scheduler ?? schedulerOf(clock), opts.checkpoints, opts.ingestBatchEvents, opts.ingestGroupEvents);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private ticker: ScheduledTask | null = null;
  private background: BackgroundOptions | null = null;
  private liveDemo: LiveDemoFeed | null = null;

  /**
   * What a long-running process does on its own: expire blocks and suspensions on time and deliver
   * enforcement webhooks (policy), notice devices that went silent (pipeline tick), keep posture
   * and its history current for trends even when nobody asks, and prune what is past its retention. Tests and one-shot CLI commands do not call it.
   */
  startBackground(opts: BackgroundOptions): void {
    if (this.ticker) return;
    this.background = opts;
    this.policy.startBackground();
    // Before the checkpointer's period: a checkpoint due at the same instant as a tick anchors what the tick wrote.
    this.ticker = this.scheduler.every(opts.tickMs ?? BACKGROUND_TICK_MS, () => this.backgroundTick());
    this.checkpoints.start(this.scheduler);
    this.retention.start();
    // The console's host keeps a demo fleet reporting (the demo's own telemetry, continued); caught up at once.
    if (opts.detectors) {
      this.liveDemo = LiveDemoFeed.resume(this);
      this.guardedTick(() => {
        this.liveDemo?.advance(this.clock.now());
        if (this.liveDemo) advanceAiDemo(this, this.clock.now());
      });
    }
  }

  /**
   * One background tick, as of the engine's clock: the demo fleet's live telemetry first (so nothing looks
   * silent that is only not yet fed; while it is still catching up on a pause the silence checks wait),
   * then the time-driven detectors, then posture (and a point of the AI posture trend). The scheduler calls it (a ManualClock's advance in tests).
   */
  backgroundTick(): void {
    const opts = this.background;
    if (!opts) return;
    this.guardedTick(() => {
      const now = this.clock.now();
      const behind = this.liveDemo?.advance(now).behind ?? false;
      if (this.liveDemo) advanceAiDemo(this, now);
      if (opts.detectors && !behind) this.pipeline.tick(now);
      this.posture.sync(now);
      this.aiPosture.recordTrend();
      this.vulns.rescoreStale();
    });
  }

  private guardedTick(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      logBackgroundFailure(this.log, 'background tick failed', err);
    }
  }

  close(): void {
    this.ticker?.cancel();
    this.ticker = null;
    this.background = null;
    this.liveDemo = null;
    this.retention.close();
    this.aiPosture.close();
    this.policy.close();
    this.enforcement.close();
    this.posture.close();
    this.events.close();
    // After the services above flushed what they still had to write: the last checkpoint of a process that wrote to the log.
    if (this.db.open) this.checkpoints.close();
    if (this.db.open) this.db.close();
  }
}
