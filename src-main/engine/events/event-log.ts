// The durable event log: every anomaly, incident, posture change and policy event, appended with a
// monotonic cursor. Readers resume from any cursor; in-process subscribers are woken right after the
// writing transaction commits, and a light poll picks up writes from other processes (a CLI ingest
// while the console runs).
import type { EntityType, EventType, Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { schedulerOf, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import type { Logger } from '../log';
import type { PruneTarget } from '../retention/prune-target';

export interface EventInput {
  event_type: EventType;
  severity?: Severity | null;
  entity_type?: EntityType | null;
  entity_id?: string | null;
  data: Record<string, unknown>;
  /** When it happened (data time for detections); defaults to the clock. */
  ts?: number;
}

export interface LoggedEvent {
  cursor: number;
  ts: string;
  event_type: EventType;
  severity: Severity | null;
  entity_type: EntityType | null;
  entity_id: string | null;
  data: Record<string, unknown>;
}

export interface EventFilter {
  event_type?: EventType;
  severity?: Severity;
  entity_type?: EntityType;
  entity_id?: string;
}

interface Row { cursor: number; ts: number; event_type: EventType; severity: Severity | null; entity_type: EntityType | null; entity_id: string | null; data: string }

interface Subscriber { filter: EventFilter; cursor: number; listener: (e: LoggedEvent) => void }

/**
 * How often a subscribed process looks for other processes' writes (PRAGMA data_version: a few microseconds,
 * no table read unless something was committed). At 250 ms this wait was most of the time from another
 * process's commit to the console's screen (console-ui bench); at 50 ms it adds 25 ms on average.
 */
const POLL_MS = 50;

function matchesFilter(e: Pick<LoggedEvent, 'event_type' | 'severity' | 'entity_type' | 'entity_id'>, f: EventFilter): boolean {
  return (!f.event_type || e.event_type === f.event_type) && (!f.severity || e.severity === f.severity) &&
    (!f.entity_type || e.entity_type === f.entity_type) && (!f.entity_id || e.entity_id === f.entity_id);
}

export class EventLog {
  private readonly subscribers = new Set<Subscriber>();
  private deliveryScheduled = false;
  private poller: ScheduledTask | null = null;
  private lastDataVersion = -1;

  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Runs the poll for other processes' writes; the clock's own by default. */
    private readonly scheduler: Scheduler = schedulerOf(clock),
  ) {}

  /** Appends one event; call it inside the transaction of the change it reports. Returns its cursor. */
  append(e: EventInput): number {
    const info = this.sql.run(sql`INSERT INTO event_log (ts, event_type, severity, entity_type, entity_id, data)
      VALUES (${e.ts ?? this.clock.now()}, ${e.event_type}, ${e.severity ?? null}, ${e.entity_type ?? null}, ${e.entity_id ?? null}, ${JSON.stringify(e.data)})`, 'events.append');
    this.scheduleDelivery();
    return Number(info.lastInsertRowid);
  }

  head(): number {
    return this.sql.value<number>(sql`SELECT COALESCE(MAX(cursor), 0) FROM event_log`, 'events.head') ?? 0;
  }

  /** Up to `limit` rows after `cursor`, oldest first. */
  private after(cursor: number, limit: number): Row[] {
    return this.sql.all<Row>(sql`SELECT * FROM event_log WHERE cursor > ${cursor} ORDER BY cursor LIMIT ${limit}`, 'events.after');
  }

  /** Events after `cursor` that match the filter, oldest first, and the cursor to resume from. */
  read(cursor: number, opts: { limit?: number; filter?: EventFilter } = {}): { events: LoggedEvent[]; next_cursor: number } {
    const limit = opts.limit ?? 100;
    const events: LoggedEvent[] = [];
    let next = cursor;
    // Filtered reads scan forward in pages so a rare event type is still found without loading everything.
    while (events.length < limit) {
      const rows = this.after(next, 1000);
      if (rows.length === 0) break;
      for (const row of rows) {
        next = row.cursor;
        const e = toEvent(row);
        if (!opts.filter || matchesFilter(e, opts.filter)) {
          events.push(e);
          if (events.length >= limit) break;
        }
      }
    }
    return { events, next_cursor: next };
  }

  /**
   * Calls `listener` for each matching event after `fromCursor` (default: from now on), in order,
   * without loss. Returns the unsubscribe function.
   */
  subscribe(filter: EventFilter, listener: (e: LoggedEvent) => void, fromCursor?: number): () => void {
    const sub: Subscriber = { filter, listener, cursor: fromCursor ?? this.head() };
    this.subscribers.add(sub);
    this.ensurePolling();
    if (fromCursor !== undefined) this.scheduleDelivery();
    return () => {
      this.subscribers.delete(sub);
      if (this.subscribers.size === 0 && this.poller) {
        this.poller.cancel();
        this.poller = null;
      }
    };
  }

  /** Delivers what is committed; safe to call any time. */
  deliver(): void {
    this.deliveryScheduled = false;
    if (this.subscribers.size === 0 || !this.sql.open) return;
    if (this.sql.inTransaction) return this.scheduleDelivery();
    for (const sub of [...this.subscribers]) {
      for (;;) {
        const rows = this.after(sub.cursor, 500);
        if (rows.length === 0) break;
        for (const row of rows) {
          sub.cursor = row.cursor;
          const e = toEvent(row);
          if (!matchesFilter(e, sub.filter)) continue;
          try {
            sub.listener(e);
          } catch (err) {
            this.log.error('event subscriber failed', { error: String(err) });
          }
        }
        if (!this.subscribers.has(sub)) break;
      }
    }
  }

  close(): void {
    this.poller?.cancel();
    this.poller = null;
    this.subscribers.clear();
  }

  // A microtask runs after the synchronous transaction that appended has committed (or rolled back:
  // delivery reads only committed rows, so a rolled-back event is never seen).
  private scheduleDelivery(): void {
    if (this.deliveryScheduled || this.subscribers.size === 0) return;
    this.deliveryScheduled = true;
    queueMicrotask(() => this.deliver());
  }

  private ensurePolling(): void {
    if (this.poller) return;
    this.poller = this.scheduler.every(POLL_MS, () => {
      if (!this.sql.open) return;
      const version = this.sql.value<number>(sql`PRAGMA data_version`, 'events.dataVersion') ?? 0;
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        this.deliver();
      }
    });
  }
}

function toEvent(row: Row): LoggedEvent {
  return {
    cursor: row.cursor,
    ts: isoOrNull(row.ts) as string,
    event_type: row.event_type,
    severity: row.severity,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

/** Retention of the event log (retention/pruner.ts): entries older than the cutoff by their time, a batch at a time. */
export function eventLogPruneTarget(runner: SqlRunner): PruneTarget {
  return {
    any: (before) => runner.value(sql`SELECT 1 FROM event_log WHERE ts < ${before} LIMIT 1`, 'retention.event_log.any') !== undefined,
    delete: (before, limit) =>
      runner.run(sql`DELETE FROM event_log WHERE cursor IN (SELECT cursor FROM event_log WHERE ts < ${before} LIMIT ${limit})`, 'retention.event_log.delete').changes,
  };
}
