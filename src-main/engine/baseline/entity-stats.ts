// One entity's behaviour in memory: the open hour of roll-ups, running statistics of the closed hours
// (silent hours count as zeros), destinations with counts, ports, active hours and event gaps. Updated
// per event in O(1); persisted in every batch transaction by BaselineStore (a journal line per batch,
// the whole row at a checkpoint; roll-ups as increments).
import type { EntityType } from '@shared/domain/enums';
import { isPrivateIp } from '../inventory/ip';

export const HOUR_MS = 3_600_000;

export interface Dest {
  ip: string;
  count: number;
  bytesOut: number;
  first: number;
  last: number;
  internal: boolean;
  /** Hour index it was last touched in: counts distinct destinations per hour without a set. */
  hour: number;
  hourBytes: number;
  /** Count and bytes already in entity_destinations: a write adds what came since. */
  written: number;
  writtenBytes: number;
  /** Already in the batch's list of destinations to write. */
  queued: boolean;
}

/**
 * A destination as every place makes one, all fields set in one order: one shape for all of them (`queued`,
 * added to a destination only when first queued, gave those a second shape, with a property array of its own).
 */
export function makeDest(ip: string, count: number, bytesOut: number, first: number, last: number, hour: number, hourBytes: number, written: number, writtenBytes: number): Dest {
  return { ip, count, bytesOut, first, last, internal: isPrivateIp(ip), hour, hourBytes, written, writtenBytes, queued: false };
}

/** The counters of one hour, as entity_hourly stores them, plus connections to new destinations. */
export class HourBucket {
  connections = 0;
  bytesOut = 0;
  bytesIn = 0;
  distinct = 0;
  dns = 0;
  authFail = 0;
  authOk = 0;
  events = 0;
  /** Connections to destinations first seen in the last 24 h after the baseline was established. */
  newConns = 0;
  /** Bytes out to destinations outside the network or new since the baseline was established: what exfiltration is judged on. */
  riskyBytesOut = 0;
  /** The entity_hourly columns as already written (connections … events): a write adds the difference. */
  saved: number[] = [0, 0, 0, 0, 0, 0, 0, 0];

  constructor(readonly hour: number) {}

  /** The entity_hourly columns, in table order. */
  columns(): number[] {
    return [this.connections, this.bytesOut, this.bytesIn, this.distinct, this.dns, this.authFail, this.authOk, this.events];
  }

  /** Everything the bucket holds, to persist the open hour with its baseline. */
  toJSON(): number[] {
    return [this.hour, ...this.columns(), this.newConns, this.riskyBytesOut];
  }

  static fromJSON(a: number[]): HourBucket {
    const b = new HourBucket(a[0]);
    [, b.connections, b.bytesOut, b.bytesIn, b.distinct, b.dns, b.authFail, b.authOk, b.events, b.newConns, b.riskyBytesOut] = a;
    b.saved = b.columns();
    return b;
  }
}

export interface HourSnap { hour: number; connections: number; bytesOut: number; newConns: number }

/** Welford running mean/variance; `addZeros` folds in k silent hours at once. */
class Running {
  n = 0;
  mean = 0;
  m2 = 0;

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  addZeros(k: number): void {
    if (k <= 0) return;
    const n = this.n + k;
    this.m2 += (this.mean * this.mean * this.n * k) / n;
    this.mean = (this.mean * this.n) / n;
    this.n = n;
  }

  get sd(): number {
    return this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0;
  }
}

const MAX_PORTS = 64;
const RECENT_HOURS = 24;

export class EntityStats {
  firstDataAt = 0;
  lastDataAt = 0;
  established = false;
  establishedAt: number | null = null;
  cur: HourBucket | null = null;
  /** Hours closed since the last flush (their final entity_hourly values still have to be written). */
  closed: HourBucket[] = [];
  recent: HourSnap[] = [];
  conn = new Running();
  out = new Running();
  maxOut = 0;
  activeHours = 0;
  hourOfDay: number[] = new Array<number>(24).fill(0);
  ports = new Map<number, number>();
  events = 0;
  firstEventTs = 0;
  lastEventTs = 0;
  maxGap = 0;
  dests = new Map<string, Dest>();
  /** DNS names of known destinations: a CDN answering from a new address is not a new destination. */
  names = new Set<string>();
  /** Learned since the last write: names, and destinations created (entity_learned holds those still contacted once). */
  newNames: string[] = [];
  newDests: Dest[] = [];
  deviation = 0;
  /** Changed in the current batch: in the pipeline's list of them (the pipeline sets and clears it). */
  dirty = false;
  /** Attributed by its address alone (no inventory entity): descriptions name it "Host <ip>". */
  unmanaged = false;
  /** The derived_state.writes of its baselines row's last whole write (0: no row yet). */
  journalSeq = 0;
  /** Where its baselines row lies among the others (the store's table order; -1 until known). */
  row = -1;
  /** Learned since that write (in journal lines until the next): destinations first met contacted once, and names. */
  pendingOnce: Dest[] = [];
  pendingNames: string[] = [];
  /**
   * Ports counted since the last journal line (a line carries only their counts). An array emptied by
   * length: a Set's clear() allocates a new table, once per entity and batch.
   */
  portsTouched: number[] = [];
  /**
   * The reader-visible baselines columns as last written (a change is written at once, the rest waits for a
   * checkpoint); the deviation is NaN until the first write. Fields, not a key string: compared for every
   * changed entity of every batch, where a string of a timestamp and a float was garbage each time.
   */
  visibleEstablished = false;
  visibleEstablishedAt: number | null = null;
  visibleDeviation = Number.NaN;

  constructor(
    readonly type: EntityType,
    readonly id: string,
  ) {}

  /** Moves the open hour forward to the event's hour, closing the previous one. Late events stay in the open hour. */
  hourFor(ts: number): HourBucket {
    const h = Math.floor(ts / HOUR_MS);
    const cur = this.cur;
    if (cur !== null && h <= cur.hour) return cur;
    if (cur !== null) this.closeHour(cur, h);
    const next = new HourBucket(h);
    this.cur = next;
    return next;
  }

  private closeHour(b: HourBucket, nextHour: number): void {
    this.conn.add(b.connections);
    this.out.add(b.bytesOut);
    if (b.bytesOut > this.maxOut) this.maxOut = b.bytesOut;
    if (b.events > 0) {
      this.activeHours++;
      this.hourOfDay[((b.hour % 24) + 24) % 24]++;
    }
    // The hours between this one and the next event's hour were silent: zeros, not missing data.
    const silent = nextHour - b.hour - 1;
    this.conn.addZeros(silent);
    this.out.addZeros(silent);
    this.recent.push({ hour: b.hour, connections: b.connections, bytesOut: b.bytesOut, newConns: b.newConns });
    if (this.recent.length > RECENT_HOURS) this.recent.shift();
    this.closed.push(b);
  }

  /** Notes an event's arrival: span, gaps (for the usual reporting interval), last data time. */
  seen(ts: number): void {
    if (this.events === 0) {
      this.firstDataAt = ts;
      this.firstEventTs = ts;
    } else if (ts < this.firstDataAt) this.firstDataAt = ts;
    if (ts > this.lastEventTs) {
      if (this.events > 0) {
        const gap = ts - this.lastEventTs;
        if (gap > this.maxGap) this.maxGap = gap;
      }
      this.lastEventTs = ts;
    }
    if (ts > this.lastDataAt) this.lastDataAt = ts;
    this.events++;
  }

  /** Remembers the DNS name of a destination new to the entity; false when it was known already. */
  addName(name: string): boolean {
    if (this.names.has(name)) return false;
    this.names.add(name);
    this.newNames.push(name);
    return true;
  }

  addPort(port: number): void {
    const n = this.ports.get(port);
    if (n !== undefined) this.ports.set(port, n + 1);
    else if (this.ports.size < MAX_PORTS) this.ports.set(port, 1);
    else return;
    if (!this.portsTouched.includes(port)) this.portsTouched.push(port);
  }

  /** Mean gap between events over the whole observation: the entity's usual reporting interval. */
  get meanGap(): number {
    return this.events > 1 ? (this.lastEventTs - this.firstEventTs) / (this.events - 1) : 0;
  }

  get hoursObserved(): number {
    return this.conn.n + (this.cur ? 1 : 0);
  }

  topPorts(n = 10): number[] {
    return [...this.ports.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([p]) => p);
  }

  /** Hours of the day (UTC) with at least a quarter of the busiest hour's activity: when this entity normally works. */
  activeHourList(): number[] {
    const max = Math.max(...this.hourOfDay);
    if (max === 0) return [];
    return this.hourOfDay.flatMap((c, h) => (c > 0 && c >= max / 4 ? [h] : []));
  }
}
