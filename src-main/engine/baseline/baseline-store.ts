// Baselines of every entity, in memory and in SQLite: loaded at open (and again when another process
// wrote since), updated per event by the pipeline, and written in every batch's own transaction, so
// committed events and derived state never disagree. Per batch, what it costs is kept small (profiling
// showed the whole baselines row per entity per batch was the ingest's hot spot): closed hours and
// destinations as increments (upserts that add), the running state of every changed entity as one line
// of one derived_journal row, and a changed reader-visible column (established, deviation) as a
// narrow update. An entity's whole row (with its open hour's roll-up and what it learned) is written at
// a checkpoint: a few entities per batch, neighbours in the table, and all of them when an ingest ends (settle).
import type { EntityType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type PreparedStatement, type SqlRunner } from '../db/sql';
import type { DetectConfig } from '../detect/config';
import type { PruneTarget } from '../retention/prune-target';
import { applyJournalLine, entityLines, journalLines, JournalWriter, type JournalBody } from './baseline-journal';
import { deviation } from './deviation';
import type { DnsNames } from './dns-names';
import { EntityStats, HourBucket, HOUR_MS, makeDest, type Dest } from './entity-stats';

/** The `behavioral_baseline` object of get_device_posture, exactly as the spec shows it. */
export interface BehavioralBaseline {
  established: boolean;
  established_at: string | null;
  avg_connections_per_hour: number;
  known_destinations: string[];
  deviation_score: number;
}

/**
 * The running state behind a baseline row (stats column): everything the pipeline needs to carry on
 * exactly where the last committed batch left it, the open hour and its destinations included.
 */
interface Persisted {
  conn: number[]; out: number[]; max_out: number; active_hours: number; hour_of_day: number[]; ports: [number, number][]; events: number;
  first_event_ts: number; last_event_ts: number; max_gap: number; recent: EntityStats['recent'];
  /** Open hour (HourBucket.toJSON); older rows hold only cur_hour and the roll-up row is read back. */
  cur?: number[] | null; cur_hour?: number | null;
  unmanaged?: boolean;
}
interface BaselineRow { entity_id: string; entity_type: EntityType; first_data_at: number; last_data_at: number; established: number; established_at: number | null; deviation_score: number; stats: string; journal_seq: number }
interface JournalRow { seq: number; body: JournalBody }
interface HourRow { connections: number; bytes_out: number; bytes_in: number; distinct_destinations: number; dns_queries: number; auth_failures: number; auth_successes: number; events: number }

const DAY_MS = 86_400_000;
/**
 * Events an entity's changes may wait in journal lines before its checkpoint: each batch checkpoints at
 * least its share (its events / JOURNAL_EVENTS) of the entities waiting, in table order, and past that share
 * every entity that has waited this many events. Counted in events, not batches, so the whole-row writes
 * per event stay the same when the ingest sizes its batches by lock time (small batches under load would
 * otherwise multiply them). What it trades: whole-row writes per event (a fleet of N entities writes about
 * N rows every JOURNAL_EVENTS events, ~40 µs and a page share each) against the journal a process reloads
 * (another one wrote, or a killed ingest resumes) and one entity's read scans. 32,000 was chosen when lines
 * were JSON text and 64 batches took a loaded machine seconds to reload; binary lines reload at ~1.5 µs
 * a line (27,200 in 41 ms) and a read for one entity compares ids without decoding them, while at 32,000
 * a 10,000-device fleet rewrote 250 whole rows a batch (the cap), a fifth of its ingest's time.
 */
const JOURNAL_EVENTS = 128_000;
/** Checkpoints per batch at most (each writes a whole baselines row): bounds what one commit adds. */
const CHECKPOINTS_PER_BATCH = 250;
/** Checkpoints per transaction when an ingest ends (settle). */
export const SETTLE_CHUNK = 250;

type Stmts = {
  hourly: PreparedStatement; dest: PreparedStatement; baseline: PreparedStatement; learned: PreparedStatement; visible: PreparedStatement;
};

export class BaselineStore {
  private readonly maps: Record<EntityType, Map<string, EntityStats>> = { device: new Map(), user: new Map(), workload: new Map() };
  private readonly stmts: Stmts;
  /**
   * Entities with journal lines past their row's last whole write (oldest first): the seq of their first
   * such line, and how many events this store had flushed then (0 for lines found at load: the first to fall due).
   */
  private readonly pending = new Map<EntityStats, { seq: number; at: number }>();
  /** Events flushed since this store was loaded. */
  private flushedEvents = 0;
  /** Each batch's journal row, built in one buffer reused from batch to batch. */
  private readonly journal = new JournalWriter();
  /**
   * Entities with a baselines row, in the order the rows lie in the table (their rowids at load, then the
   * order this store first wrote them): checkpointDue sweeps it. Another process's new rows are placed
   * when this one first writes them, so the order may be off for those: it only decides which rows a
   * batch writes together, never what is written.
   */
  private readonly rows: EntityStats[] = [];
  private sweep = 0;

  /** `only`: load just this entity (a read of what the database holds now, without loading the fleet). */
  constructor(
    private readonly sql: SqlRunner,
    private readonly cfg: () => DetectConfig,
    readonly dns: DnsNames,
    private readonly only?: string,
  ) {
    this.stmts = {
      hourly: sql.statement('baseline.hourly', `INSERT INTO entity_hourly (entity_id, hour, entity_type, connections, bytes_out, bytes_in, distinct_destinations, dns_queries, auth_failures, auth_successes, events)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(entity_id, hour) DO UPDATE SET connections = connections + excluded.connections,
        bytes_out = bytes_out + excluded.bytes_out, bytes_in = bytes_in + excluded.bytes_in, distinct_destinations = distinct_destinations + excluded.distinct_destinations,
        dns_queries = dns_queries + excluded.dns_queries, auth_failures = auth_failures + excluded.auth_failures,
        auth_successes = auth_successes + excluded.auth_successes, events = events + excluded.events`),
      // hour and hour_bytes are the in-memory values (memory matches the database before every write: see the pipeline's generation check).
      dest: sql.statement('baseline.destination', `INSERT INTO entity_destinations (entity_id, destination, port, count, bytes_out, first_seen, last_seen, hour, hour_bytes) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(entity_id, destination, port) DO UPDATE SET count = count + excluded.count, bytes_out = bytes_out + excluded.bytes_out,
        first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), hour = excluded.hour, hour_bytes = excluded.hour_bytes`),
      baseline: sql.statement('baseline.checkpoint', `INSERT INTO baselines (entity_id, entity_type, first_data_at, last_data_at, established, established_at, hours_observed, avg_connections_per_hour,
        stddev_connections_per_hour, avg_bytes_out_per_hour, max_bytes_out_per_hour, active_hours, ports, avg_heartbeat_interval_s, deviation_score, updated_at, stats, journal_seq)
        VALUES (@entity_id, @entity_type, @first_data_at, @last_data_at, @established, @established_at, @hours_observed, @avg_conn, @sd_conn, @avg_out, @max_out,
        @active_hours, @ports, @heartbeat, @deviation, @updated_at, @stats, @journal_seq)
        ON CONFLICT(entity_id) DO UPDATE SET entity_type = excluded.entity_type, first_data_at = excluded.first_data_at, last_data_at = excluded.last_data_at,
        established = excluded.established, established_at = excluded.established_at, hours_observed = excluded.hours_observed,
        avg_connections_per_hour = excluded.avg_connections_per_hour, stddev_connections_per_hour = excluded.stddev_connections_per_hour,
        avg_bytes_out_per_hour = excluded.avg_bytes_out_per_hour, max_bytes_out_per_hour = excluded.max_bytes_out_per_hour, active_hours = excluded.active_hours,
        ports = excluded.ports, avg_heartbeat_interval_s = excluded.avg_heartbeat_interval_s, deviation_score = excluded.deviation_score,
        updated_at = excluded.updated_at, stats = excluded.stats, journal_seq = excluded.journal_seq`),
      learned: sql.statement('baseline.learned', 'INSERT INTO entity_learned (entity_id, seq, once, names) VALUES (?, ?, ?, ?)'),
      // What posture, compliance and the console read of a baseline, kept current between whole writes.
      visible: sql.statement('baseline.visible', `UPDATE baselines SET established = ?, established_at = ?, hours_observed = ?, avg_connections_per_hour = ?,
        deviation_score = ?, updated_at = ? WHERE entity_id = ?`),
    };
    this.load();
  }

  /** The entity's state, created empty at its first event. */
  get(type: EntityType, id: string): EntityStats {
    const map = this.maps[type];
    let s = map.get(id);
    if (s === undefined) {
      s = new EntityStats(type, id);
      map.set(id, s);
    }
    return s;
  }

  peek(type: EntityType, id: string): EntityStats | undefined {
    return this.maps[type].get(id);
  }

  /** Finds an entity by id when the caller does not know its type (device ids first, as posture asks for devices most). */
  find(id: string, type?: EntityType): EntityStats | undefined {
    if (type) return this.maps[type].get(id);
    return this.maps.device.get(id) ?? this.maps.workload.get(id) ?? this.maps.user.get(id);
  }

  all(): Iterable<EntityStats> {
    return (function* (maps) {
      for (const m of Object.values(maps)) yield* m.values();
    })(this.maps);
  }

  get size(): number {
    return this.maps.device.size + this.maps.user.size + this.maps.workload.size;
  }

  /** Entities whose whole row is older than their state (their changes are in journal lines). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Marks the baseline established once the learning period of DATA time has passed with enough active hours. */
  checkEstablished(s: EntityStats): boolean {
    if (s.established) return false;
    const c = this.cfg().baseline;
    if (s.lastDataAt - s.firstDataAt < c.learning_days * DAY_MS || s.activeHours + (s.cur && s.cur.events > 0 ? 1 : 0) < c.min_active_hours) return false;
    s.established = true;
    s.establishedAt = s.lastDataAt;
    return true;
  }

  /** One changed entity's destinations still contacted once, emptied for the next (reused: flush runs per entity and batch). */
  private readonly once: Dest[] = [];

  /**
   * Writes what a batch changed, inside its transaction (`seq`: this write's derived_state.writes): the
   * hours closed since the last write (increments), one journal line per changed entity (the first
   * appearance of an entity writes its whole row instead), the reader-visible columns that moved, and
   * the checkpoints due. Journal rows no entity waits on any more are dropped.
   */
  flush(dirty: Iterable<EntityStats>, events: number, now: number, seq: number): void {
    const c = this.cfg();
    this.flushedEvents += events;
    for (const s of dirty) {
      const closed = s.closed.length !== 0;
      for (const b of s.closed) this.writeHour(s, b);
      s.closed.length = 0;
      s.deviation = deviation(s, c.baseline.deviation_hours, c.deviation.unknown_share_weight).score;
      const once = this.once;
      once.length = 0;
      for (const d of s.newDests) {
        if (d.count !== 1) continue;
        once.push(d);
        s.pendingOnce.push(d);
      }
      for (const n of s.newNames) s.pendingNames.push(n);
      if (s.journalSeq === 0) this.checkpoint(s, now, seq);
      else {
        this.journal.line(s, closed, once, s.newNames);
        if (!this.pending.has(s)) this.pending.set(s, { seq, at: this.flushedEvents });
        this.writeVisible(s, now);
      }
      s.newDests.length = 0;
      s.newNames.length = 0;
    }
    const body = this.journal.take();
    if (body !== null) this.sql.run(sql`INSERT INTO derived_journal (seq, body) VALUES (${seq}, ${body})`, 'baseline.journal');
    this.checkpointDue(events, now, seq);
  }

  /**
   * Writes the whole row of up to `max` waiting entities (in table order) and drops the journal rows no
   * entity needs any more; returns how many it wrote. settle() calls it until nothing waits.
   */
  checkpointSome(max: number, now: number, seq: number): number {
    // In table order, like checkpointDue's sweep: a chunk's rows lie together.
    const chunk = [...this.pending.keys()].sort((a, b) => a.row - b.row).slice(0, max);
    for (const s of chunk) this.checkpoint(s, now, seq);
    this.dropJournal(seq);
    return chunk.length;
  }

  /**
   * A batch's share of the waiting entities: first any that waited JOURNAL_EVENTS events (oldest first),
   * then the rest of the share in table order, going on from where the last batch stopped. Table order
   * because a whole row is 1–2 KB and the rows lie in the order they were first written: a share picked
   * oldest first lay on as many pages as it had rows (69 of a commit's 245 pages, measured), a run of
   * neighbours on a few. A sweep of the table takes about JOURNAL_EVENTS events, the same wait as before.
   */
  private checkpointDue(events: number, now: number, seq: number): void {
    const quota = Math.min(CHECKPOINTS_PER_BATCH, Math.ceil((this.pending.size * events) / JOURNAL_EVENTS));
    const due = this.flushedEvents - JOURNAL_EVENTS;
    let n = 0;
    for (const [s, since] of this.pending) {
      if (n >= CHECKPOINTS_PER_BATCH || since.at > due) break;
      this.checkpoint(s, now, seq);
      n++;
    }
    const rows = this.rows;
    for (let seen = 0; n < quota && seen < rows.length && this.pending.size !== 0; seen++) {
      if (this.sweep >= rows.length) this.sweep = 0;
      const s = rows[this.sweep++];
      if (!this.pending.has(s)) continue;
      this.checkpoint(s, now, seq);
      n++;
    }
    this.dropJournal(seq);
  }

  /** An entity's first whole write appends its row: it goes after every row this store knows of. */
  private placeRow(s: EntityStats): void {
    s.row = this.rows.length;
    this.rows.push(s);
  }

  /** Journal rows older than the oldest line an entity still waits on are in rows already. */
  private dropJournal(seq: number): void {
    const oldest = this.pending.values().next();
    this.sql.run(sql`DELETE FROM derived_journal WHERE seq < ${oldest.done ? seq + 1 : oldest.value.seq}`, 'baseline.journal_drop');
  }

  /** The entity's whole state in its own rows: the open hour's increments, what it learned, its baselines row. */
  private checkpoint(s: EntityStats, now: number, seq: number): void {
    if (s.row < 0) this.placeRow(s);
    if (s.cur) this.writeHour(s, s.cur);
    this.writeLearned(s, seq);
    this.writeBaseline(s, now, seq);
    s.journalSeq = seq;
    s.portsTouched.length = 0;
    this.pending.delete(s);
  }

  /**
   * Destinations still contacted once and new names, since the last whole write: one entity_learned row
   * per entity and checkpoint instead of one row per address (most destinations of a busy fleet are contacted once).
   */
  private writeLearned(s: EntityStats, seq: number): void {
    let once = '';
    // Addresses are canonical IP text (no character JSON would escape): a template is several times cheaper than JSON.stringify.
    // A destination met again since has its own entity_destinations row.
    for (const d of s.pendingOnce) if (d.written === 0) once += `,["${d.ip}",${d.first},${d.bytesOut},${d.hour},${d.hourBytes}]`;
    if (once !== '' || s.pendingNames.length !== 0) this.stmts.learned.run(s.id, seq, `[${once.slice(1)}]`, JSON.stringify(s.pendingNames));
    s.pendingOnce = [];
    s.pendingNames = [];
  }

  /** Writes what the given destinations gained since their last write (every destination a batch touched, from its second contact). */
  flushDestinations(dests: Iterable<[Dest, EntityStats]>): void {
    const stmt = this.stmts.dest;
    for (const [d, s] of dests) {
      d.queued = false;
      const count = d.count - d.written;
      if (count === 0 || d.count < 2) continue;
      this.writes.destinations++;
      stmt.run(s.id, d.ip, count, d.bytesOut - d.writtenBytes, d.first, d.last, d.hour, d.hourBytes);
      d.written = d.count;
      d.writtenBytes = d.bytesOut;
    }
  }

  behavioralBaseline(entityId: string, type?: EntityType): BehavioralBaseline {
    const s = this.find(entityId, type);
    if (!s) return { established: false, established_at: null, avg_connections_per_hour: 0, known_destinations: [], deviation_score: 0 };
    // Most used first; ties by first contact, then address, so the order is stable across restarts.
    const top = [...s.dests.values()].sort((a, b) => b.count - a.count || a.first - b.first || (a.ip < b.ip ? -1 : 1));
    const known: string[] = [];
    for (const d of top) {
      const label = this.dns.nameOf(d.ip) ?? d.ip;
      if (!known.includes(label)) known.push(label);
      if (known.length >= 10) break;
    }
    const avg = s.conn.n > 0 ? s.conn.mean : (s.cur?.connections ?? 0);
    return {
      established: s.established,
      established_at: isoOrNull(s.establishedAt),
      avg_connections_per_hour: Math.round(avg * 10) / 10,
      known_destinations: known,
      deviation_score: s.deviation,
    };
  }

  private writeHour(s: EntityStats, b: HourBucket): void {
    const now = b.columns();
    const saved = b.saved;
    let changed = false;
    for (let i = 0; i < now.length; i++) {
      if (now[i] !== saved[i]) changed = true;
    }
    if (!changed) return;
    this.writes.hours++;
    this.stmts.hourly.run(s.id, b.hour, s.type, now[0] - saved[0], now[1] - saved[1], now[2] - saved[2], now[3] - saved[3], now[4] - saved[4], now[5] - saved[5], now[6] - saved[6], now[7] - saved[7]);
    b.saved = now;
  }

  /** Rows written since open (for the benchmarks' account of write volume). */
  writes = { hours: 0, baselines: 0, destinations: 0, visible: 0 };

  /**
   * Notes that the row now holds the columns readers judge an entity by (posture's score, compliance, the
   * console's filters): established and the deviation score; a change of either is written at once. The
   * hours observed and the hourly average move with every hour an entity closes, so on a large fleet they
   * made every batch rewrite a row for a third of its entities, one page each (most of a 10,000-device
   * fleet's commit); readers show them as text and figures, and they are written with the next change of
   * these, at the entity's next checkpoint, and at an ingest's end (exact then).
   */
  private static markVisible(s: EntityStats): void {
    s.visibleEstablished = s.established;
    s.visibleEstablishedAt = s.establishedAt;
    s.visibleDeviation = s.deviation;
  }

  private writeVisible(s: EntityStats, now: number): void {
    if (s.established === s.visibleEstablished && s.establishedAt === s.visibleEstablishedAt && s.deviation === s.visibleDeviation) return;
    this.writes.visible++;
    this.stmts.visible.run(s.established ? 1 : 0, s.establishedAt, s.hoursObserved, s.conn.mean, s.deviation, now, s.id);
    BaselineStore.markVisible(s);
  }

  private writeBaseline(s: EntityStats, now: number, seq: number): void {
    this.writes.baselines++;
    const cur = s.cur;
    const stats: Persisted = {
      conn: [s.conn.n, s.conn.mean, s.conn.m2], out: [s.out.n, s.out.mean, s.out.m2], max_out: s.maxOut, active_hours: s.activeHours,
      hour_of_day: s.hourOfDay, ports: [...s.ports.entries()], events: s.events, first_event_ts: s.firstEventTs, last_event_ts: s.lastEventTs,
      max_gap: s.maxGap, recent: s.recent, cur: cur ? cur.toJSON() : null, unmanaged: s.unmanaged,
    };
    this.stmts.baseline.run({
      entity_id: s.id, entity_type: s.type, first_data_at: s.firstDataAt, last_data_at: s.lastDataAt, established: s.established ? 1 : 0,
      established_at: s.establishedAt, hours_observed: s.hoursObserved, avg_conn: s.conn.mean, sd_conn: s.conn.sd, avg_out: s.out.mean,
      max_out: s.maxOut, active_hours: JSON.stringify(s.activeHourList()), ports: JSON.stringify(s.topPorts()),
      heartbeat: s.events > 1 ? s.meanGap / 1000 : null, deviation: s.deviation, updated_at: now, stats: JSON.stringify(stats), journal_seq: seq,
    });
    BaselineStore.markVisible(s);
  }

  private load(): void {
    const legacy = new Set<EntityStats>();
    const only = this.only;
    const one = only === undefined ? null : sql`entity_id = ${only}`;
    const rows = this.sql.all<BaselineRow>(
      sql`SELECT entity_id, entity_type, first_data_at, last_data_at, established, established_at, deviation_score, stats, journal_seq FROM baselines ${sql.where([one])} ORDER BY rowid`,
      'baseline.load',
    );
    for (const r of rows) {
      const s = this.get(r.entity_type, r.entity_id);
      this.placeRow(s);
      const p = JSON.parse(r.stats) as Partial<Persisted>;
      s.firstDataAt = r.first_data_at;
      s.lastDataAt = r.last_data_at;
      s.established = r.established === 1;
      s.establishedAt = r.established_at;
      s.deviation = r.deviation_score;
      s.journalSeq = Math.max(1, r.journal_seq);
      if (p.conn) [s.conn.n, s.conn.mean, s.conn.m2] = p.conn;
      if (p.out) [s.out.n, s.out.mean, s.out.m2] = p.out;
      s.maxOut = p.max_out ?? 0;
      s.activeHours = p.active_hours ?? 0;
      if (p.hour_of_day?.length === 24) s.hourOfDay = p.hour_of_day;
      for (const [port, n] of p.ports ?? []) s.ports.set(port, n);
      s.events = p.events ?? 0;
      s.firstEventTs = p.first_event_ts ?? r.first_data_at;
      s.lastEventTs = p.last_event_ts ?? r.last_data_at;
      s.maxGap = p.max_gap ?? 0;
      s.recent = p.recent ?? [];
      s.unmanaged = p.unmanaged ?? false;
      if (p.cur) s.cur = HourBucket.fromJSON(p.cur);
      else if (p.cur_hour != null) {
        // Written before the open hour was kept whole: its roll-up row is what is known of it.
        const b = new HourBucket(p.cur_hour);
        const h = this.sql.get<HourRow>(sql`SELECT connections, bytes_out, bytes_in, distinct_destinations, dns_queries, auth_failures, auth_successes, events
          FROM entity_hourly WHERE entity_id = ${r.entity_id} AND hour = ${p.cur_hour}`);
        if (h) {
          b.connections = h.connections; b.bytesOut = h.bytes_out; b.bytesIn = h.bytes_in; b.distinct = h.distinct_destinations;
          b.dns = h.dns_queries; b.authFail = h.auth_failures; b.authOk = h.auth_successes; b.events = h.events;
          b.saved = b.columns();
        }
        s.cur = b;
      }
      if (!p.cur) legacy.add(s);
    }
    type DestRow = { entity_id: string; destination: string; count: number; bytes_out: number; first_seen: number; last_seen: number; hour: number; hour_bytes: number };
    const dests = this.sql.iterate<DestRow>(
      sql`SELECT entity_id, destination, count, bytes_out, first_seen, last_seen, hour, hour_bytes FROM entity_destinations ${sql.where([sql`port = 0`, one])} ORDER BY first_seen, destination`,
    );
    for (const { entity_id: id, destination: ip, count, bytes_out: bytesOut, first_seen: first, last_seen: last, hour: storedHour, hour_bytes: hourBytes } of dests) {
      const s = this.find(id);
      if (!s) continue;
      const hour = legacy.has(s) ? Math.floor(last / HOUR_MS) : storedHour;
      s.dests.set(ip, makeDest(ip, count, bytesOut, first, last, hour, hourBytes, count, bytesOut));
      if (legacy.has(s)) {
        const name = this.dns.nameOf(ip);
        if (name) s.names.add(name);
      }
    }
    // In seq order: one entity's rows through its index; the whole table as it lies, which is seq order (appended as batches commit).
    const learned = this.sql.iterate<{ entity_id: string; once: string; names: string }>(
      one === null ? sql`SELECT entity_id, once, names FROM entity_learned ORDER BY rowid` : sql`SELECT entity_id, once, names FROM entity_learned WHERE ${one} ORDER BY seq`,
    );
    for (const { entity_id: id, once, names } of learned) {
      const s = this.find(id);
      if (!s) continue;
      for (const n of JSON.parse(names) as string[]) s.names.add(n);
      for (const [ip, first, bytesOut, hour, hourBytes] of JSON.parse(once) as [string, number, number, number, number][]) {
        // Contacted again since: its entity_destinations row (loaded above) says more.
        if (!s.dests.has(ip)) s.dests.set(ip, makeDest(ip, 1, bytesOut, first, first, hour, hourBytes, 0, 0));
      }
    }
    this.loadJournal();
  }

  /** Applies the journal lines written after each entity's row, in order: memory ends where the last writer was. */
  private loadJournal(): void {
    const only = this.only;
    if (only !== undefined) {
      // One entity: its lines only, found by text, without parsing the rest of each row.
      const s = this.find(only);
      if (!s) return;
      for (const { seq, body } of this.sql.iterate<JournalRow>(sql`SELECT seq, body FROM derived_journal WHERE seq > ${s.journalSeq} ORDER BY seq`)) {
        for (const line of entityLines(body, s.type, s.id)) this.applyLine(s, line, seq);
      }
      return;
    }
    for (const { seq, body } of this.sql.iterate<JournalRow>(sql`SELECT seq, body FROM derived_journal ORDER BY seq`)) {
      for (const { type, id, line } of journalLines(body)) {
        const s = this.get(type, id);
        if (seq > s.journalSeq) this.applyLine(s, line, seq);
      }
    }
  }

  private applyLine(s: EntityStats, line: unknown[], seq: number): void {
    applyJournalLine(s, line);
    if (!this.pending.has(s)) this.pending.set(s, { seq, at: 0 });
    BaselineStore.markVisible(s);
  }
}

/**
 * Retention of the hourly roll-ups (retention/pruner.ts): whole hours that ended before the cutoff, a
 * batch at a time. A kept hour is never touched, so baselines and trends over kept hours read what they did.
 */
export function hourlyRollupPruneTarget(runner: SqlRunner): PruneTarget {
  // Hours starting before the cutoff's hour are whole and older: the cutoff itself is hour-aligned by the pruner.
  const hourOf = (before: number) => Math.floor(before / HOUR_MS);
  return {
    any: (before) => runner.value(sql`SELECT 1 FROM entity_hourly WHERE hour < ${hourOf(before)} LIMIT 1`, 'retention.hourly_rollups.any') !== undefined,
    delete: (before, limit) =>
      runner.run(sql`DELETE FROM entity_hourly WHERE (entity_id, hour) IN (SELECT entity_id, hour FROM entity_hourly WHERE hour < ${hourOf(before)} LIMIT ${limit})`, 'retention.hourly_rollups.delete').changes,
  };
}
