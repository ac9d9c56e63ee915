// The baseline journal's line format: what one batch changed of one entity's running state, as
// absolute values, so a loader that applies an entity's lines in order (those after its row's last whole
// write) ends where the writer was. One line per changed entity, all of a batch in one derived_journal
// row: one INSERT per batch instead of a whole baselines row per entity (profiled as the ingest's hot spot).
//
// A row's body is binary (JournalWriter): per line a 4-byte length, the entity's type and id, then the
// values of Field in order, each number a varint (non-negative integers, most of them) or a float64.
// Writing text lines (JSON arrays) cost ~5 µs per line on the ingest's thread; with the garbage and the
// bytes (2x as many) they made, about a fifth of the detector ingest's time, for lines nobody reads unless
// a process reloads. Written by hand rather than with a MessagePack library: an encoder takes an array per
// line, and building that array per entity and batch is the allocation this format exists to avoid. Rows written by earlier builds are text (`\n<type>\t<JSON id>\t<JSON array>` per line); a
// loader still reads them, and they go as soon as the next ingest checkpoints their entities.
import type { EntityType } from '@shared/domain/enums';
import { HourBucket, makeDest, type Dest, type EntityStats } from './entity-stats';

/** Positions in a decoded line (the array applyJournalLine reads), in the order a line holds them. */
const enum Field {
  FirstDataAt, LastDataAt, Events, FirstEventTs, LastEventTs, MaxGap, Established, EstablishedAt, Deviation, Unmanaged,
  /** HourBucket.toJSON of the open hour, or null. */
  Cur,
  /** What entity_hourly already holds of the open hour (HourBucket.saved); null when Cur is. */
  Saved,
  /** [[port, count], …]: the ports counted in this batch, with their counts now. */
  Ports,
  /** Destinations this batch met that are still contacted once: [ip, first, bytes_out, hour, hour_bytes]. */
  Once,
  /** DNS names learned this batch. */
  Names,
  /** When an hour closed in this batch: [conn n, mean, m2, out n, mean, m2, max_out, active_hours, hour_of_day, recent]; else null. */
  Cold,
}

type Line = unknown[];
export type JournalBody = string | Uint8Array;

const TYPES: readonly EntityType[] = ['device', 'user', 'workload'];
const TYPE_CODE: Record<EntityType, number> = { device: 0, user: 1, workload: 2 };
/** HourBucket.toJSON's length: the hour, the 8 entity_hourly columns, newConns, riskyBytesOut. */
const CUR_VALUES = 11;
const SAVED_VALUES = 8;
/** A number's first varint: even is a non-negative integer (twice it), these two are the rest. */
const NULL_TAG = 1;
const FLOAT_TAG = 3;
const MAX_VARINT_INT = 2 ** 52;

/** Builds one batch's body, reusing its buffer from batch to batch (it only grows). */
export class JournalWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = 0;

  /** Appends the entity's line. `closed`: an hour closed since its last line (the statistics of closed hours moved). */
  line(s: EntityStats, closed: boolean, once: readonly Dest[], names: readonly string[]): void {
    const start = this.at;
    this.room(4);
    this.at += 4;
    this.byte(TYPE_CODE[s.type]);
    this.str(s.id);
    this.num(s.firstDataAt);
    this.num(s.lastDataAt);
    this.num(s.events);
    this.num(s.firstEventTs);
    this.num(s.lastEventTs);
    this.num(s.maxGap);
    this.num(s.established ? 1 : 0);
    this.num(s.establishedAt);
    this.num(s.deviation);
    this.num(s.unmanaged ? 1 : 0);
    const cur = s.cur;
    if (cur === null) this.varint(0);
    else {
      this.varint(1);
      this.num(cur.hour);
      this.num(cur.connections);
      this.num(cur.bytesOut);
      this.num(cur.bytesIn);
      this.num(cur.distinct);
      this.num(cur.dns);
      this.num(cur.authFail);
      this.num(cur.authOk);
      this.num(cur.events);
      this.num(cur.newConns);
      this.num(cur.riskyBytesOut);
      for (let i = 0; i < SAVED_VALUES; i++) this.num(cur.saved[i]);
    }
    const touched = s.portsTouched;
    this.varint(touched.length);
    for (let i = 0; i < touched.length; i++) {
      this.num(touched[i]);
      this.num(s.ports.get(touched[i]) ?? 0);
    }
    touched.length = 0;
    this.varint(once.length);
    for (const d of once) {
      this.str(d.ip);
      this.num(d.first);
      this.num(d.bytesOut);
      this.num(d.hour);
      this.num(d.hourBytes);
    }
    this.varint(names.length);
    for (const n of names) this.str(n);
    if (!closed) this.varint(0);
    else {
      this.varint(1);
      this.num(s.conn.n);
      this.num(s.conn.mean);
      this.num(s.conn.m2);
      this.num(s.out.n);
      this.num(s.out.mean);
      this.num(s.out.m2);
      this.num(s.maxOut);
      this.num(s.activeHours);
      this.varint(s.hourOfDay.length);
      for (const h of s.hourOfDay) this.num(h);
      this.varint(s.recent.length);
      for (const r of s.recent) {
        this.num(r.hour);
        this.num(r.connections);
        this.num(r.bytesOut);
        this.num(r.newConns);
      }
    }
    this.buf.writeUInt32LE(this.at - start - 4, start);
  }

  /**
   * The body written since the last take (null when empty), and the writer starts a new one. A view of the
   * writer's buffer, valid until the next line: bind it at once (SQLite copies a bound blob).
   */
  take(): Buffer | null {
    if (this.at === 0) return null;
    const body = this.buf.subarray(0, this.at);
    this.at = 0;
    return body;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  private varint(v: number): void {
    this.room(8);
    const buf = this.buf;
    let at = this.at;
    // Values reach 2^53 (timestamps doubled), past int32: arithmetic until the rest fits 31 bits, then
    // bit operations, which are cheaper (most of a line's numbers are small from the start).
    while (v >= 0x80000000) {
      buf[at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    while (v >= 128) {
      buf[at++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[at++] = v;
    this.at = at;
  }

  private num(n: number | null): void {
    if (n === null) this.varint(NULL_TAG);
    else if (Number.isInteger(n) && n >= 0 && n <= MAX_VARINT_INT) this.varint(n * 2);
    else {
      this.varint(FLOAT_TAG);
      this.room(8);
      this.buf.writeDoubleLE(n, this.at);
      this.at += 8;
    }
  }

  private str(s: string): void {
    const n = s.length;
    this.room(5 + n * 3);
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      // Ids and addresses are ASCII: a copy by hand is several times cheaper than an encoder call per string.
      this.varint(n);
      const buf = this.buf;
      let at = this.at;
      for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
      this.at = at;
    } else {
      this.varint(Buffer.byteLength(s));
      this.at += this.buf.write(s, this.at, 'utf8');
    }
  }
}

/** Reads a binary body one value at a time (the inverse of JournalWriter). */
class Reader {
  pos = 0;
  private readonly buf: Buffer;
  private readonly view: DataView;

  constructor(body: Uint8Array) {
    this.buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A line's length (its first 4 bytes). */
  length(): number {
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  byte(): number {
    return this.buf[this.pos++];
  }

  varint(): number {
    let v = 0;
    let mul = 1;
    let b: number;
    do {
      b = this.buf[this.pos++];
      v += (b & 127) * mul;
      mul *= 128;
    } while (b & 128);
    return v;
  }

  num(): number | null {
    const v = this.varint();
    if (v % 2 === 0) return v / 2;
    if (v === NULL_TAG) return null;
    const n = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return n;
  }

  nums(k: number): (number | null)[] {
    const out: (number | null)[] = new Array<number | null>(k);
    for (let i = 0; i < k; i++) out[i] = this.num();
    return out;
  }

  /** Whether the next string is `bytes`, read past either way: a search for one entity decodes no other id. */
  strIs(bytes: Uint8Array): boolean {
    const n = this.varint();
    const at = this.pos;
    this.pos += n;
    if (n !== bytes.length) return false;
    const buf = this.buf;
    for (let i = 0; i < n; i++) if (buf[at + i] !== bytes[i]) return false;
    return true;
  }

  str(): string {
    const n = this.varint();
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** The line whose header (type and id) was just read, as the array applyJournalLine takes. */
  line(): Line {
    const line: Line = this.nums(Field.Cur);
    const hasCur = this.varint() === 1;
    line.push(hasCur ? this.nums(CUR_VALUES) : null, hasCur ? this.nums(SAVED_VALUES) : null);
    const ports = this.varint();
    line.push(Array.from({ length: ports }, () => this.nums(2)));
    const once = this.varint();
    line.push(Array.from({ length: once }, () => [this.str(), ...this.nums(4)]));
    const names = this.varint();
    line.push(Array.from({ length: names }, () => this.str()));
    if (this.varint() === 0) line.push(null);
    else {
      const cold: unknown[] = this.nums(8);
      cold.push(this.nums(this.varint()));
      const recent = this.varint();
      cold.push(Array.from({ length: recent }, () => this.nums(4)));
      line.push(cold);
    }
    return line;
  }
}

export interface ParsedLine { type: EntityType; id: string; line: Line }

/** Every line of one journal row, in order. */
export function* journalLines(body: JournalBody): Generator<ParsedLine> {
  if (typeof body === 'string') {
    yield* textLines(body);
    return;
  }
  const r = new Reader(body);
  while (!r.done) {
    r.length();
    const type = TYPES[r.byte()];
    const id = r.str();
    yield { type, id, line: r.line() };
  }
}

/** The lines of one entity in a journal row (a reader that wants one entity decodes only its lines). */
export function* entityLines(body: JournalBody, type: EntityType, id: string): Generator<Line> {
  if (typeof body === 'string') {
    yield* textEntityLines(body, type, id);
    return;
  }
  const r = new Reader(body);
  const code = TYPE_CODE[type];
  const want = Buffer.from(id, 'utf8');
  while (!r.done) {
    const length = r.length();
    const next = r.pos + length;
    if (r.byte() === code && r.strIs(want)) yield r.line();
    r.pos = next;
  }
}

/** Lines of a text row (written by builds before the binary journal). */
function* textLines(body: string): Generator<ParsedLine> {
  let at = 0;
  while (at < body.length) {
    const end = body.indexOf('\n', at + 1);
    const text = body.slice(at + 1, end < 0 ? body.length : end);
    at = end < 0 ? body.length : end;
    const parsed = parseTextLine(text);
    if (parsed) yield parsed;
  }
}

function* textEntityLines(body: string, type: EntityType, id: string): Generator<Line> {
  const needle = `\n${type}\t${JSON.stringify(id)}\t`;
  let at = body.indexOf(needle);
  while (at >= 0) {
    const end = body.indexOf('\n', at + 1);
    const parsed = parseTextLine(body.slice(at + 1, end < 0 ? body.length : end));
    if (parsed) yield parsed.line;
    at = end < 0 ? -1 : body.indexOf(needle, end);
  }
}

function parseTextLine(text: string): ParsedLine | null {
  const a = text.indexOf('\t');
  const b = text.indexOf('\t', a + 1);
  if (a < 0 || b < 0) return null;
  return { type: text.slice(0, a) as EntityType, id: JSON.parse(text.slice(a + 1, b)) as string, line: JSON.parse(text.slice(b + 1)) as Line };
}

/** Applies one line to the entity: its state becomes what the writer had after that batch. */
export function applyJournalLine(s: EntityStats, line: Line): void {
  s.firstDataAt = line[Field.FirstDataAt] as number;
  s.lastDataAt = line[Field.LastDataAt] as number;
  s.events = line[Field.Events] as number;
  s.firstEventTs = line[Field.FirstEventTs] as number;
  s.lastEventTs = line[Field.LastEventTs] as number;
  s.maxGap = line[Field.MaxGap] as number;
  s.established = line[Field.Established] === 1;
  s.establishedAt = line[Field.EstablishedAt] as number | null;
  s.deviation = line[Field.Deviation] as number;
  s.unmanaged = line[Field.Unmanaged] === 1;
  const cur = line[Field.Cur] as number[] | null;
  s.cur = cur ? HourBucket.fromJSON(cur) : null;
  if (s.cur) s.cur.saved = line[Field.Saved] as number[];
  for (const [p, n] of line[Field.Ports] as [number, number][]) s.ports.set(p, n);
  for (const [ip, first, bytesOut, hour, hourBytes] of line[Field.Once] as [string, number, number, number, number][]) {
    let d = s.dests.get(ip);
    if (d === undefined) {
      d = makeDest(ip, 1, bytesOut, first, first, hour, hourBytes, 0, 0);
      s.dests.set(ip, d);
    }
    s.pendingOnce.push(d);
  }
  for (const n of line[Field.Names] as string[]) {
    s.names.add(n);
    s.pendingNames.push(n);
  }
  const cold = line[Field.Cold] as [number, number, number, number, number, number, number, number, number[], [number, number, number, number][]] | null;
  if (cold) {
    [s.conn.n, s.conn.mean, s.conn.m2, s.out.n, s.out.mean, s.out.m2, s.maxOut, s.activeHours] = cold;
    s.hourOfDay = cold[8];
    s.recent = cold[9].map(([hour, connections, bytesOut, newConns]) => ({ hour, connections, bytesOut, newConns }));
  }
}
