// The baseline journal's line format: what one batch changed of one entity's running state, as
// absolute values, so a loader that applies an entity's lines in order (those after its row's last whole
// write) ends where the writer was. One line per changed entity, all of a batch in one derived_journal
// row: one INSERT per batch instead of a whole baselines row per entity (profiled as the ingest's hot spot).
// Line: `\n<type>\t<JSON id>\t<JSON array>`; the array is documented at Field below.
import type { EntityType } from '@shared/domain/enums';
import { isPrivateIp } from '../inventory/ip';
import { HourBucket, type Dest, type EntityStats } from './entity-stats';

/** Positions in a line's array. */
const enum Field {
  FirstDataAt, LastDataAt, Events, FirstEventTs, LastEventTs, MaxGap, Established, EstablishedAt, Deviation, Unmanaged,
  /** HourBucket.toJSON of the open hour, or null. */
  Cur,
  /** What entity_hourly already holds of the open hour (HourBucket.saved). */
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

/** One entity's line for the batch. `closed`: an hour closed since its last line (the statistics of closed hours moved). */
export function journalLine(s: EntityStats, closed: boolean, once: readonly Dest[], names: readonly string[]): string {
  const cur = s.cur;
  let ports = '';
  for (const p of s.portsTouched) ports += `,[${p},${s.ports.get(p)}]`;
  s.portsTouched.clear();
  let onceText = '';
  // Addresses are canonical IP text (nothing JSON would escape), as in entity_learned.
  for (const d of once) onceText += `,["${d.ip}",${d.first},${d.bytesOut},${d.hour},${d.hourBytes}]`;
  let cold = 'null';
  if (closed) {
    let recent = '';
    for (const r of s.recent) recent += `,[${r.hour},${r.connections},${r.bytesOut},${r.newConns}]`;
    cold = `[${s.conn.n},${num(s.conn.mean)},${num(s.conn.m2)},${s.out.n},${num(s.out.mean)},${num(s.out.m2)},${s.maxOut},${s.activeHours},[${s.hourOfDay.join(',')}],[${recent.slice(1)}]]`;
  }
  return `\n${s.type}\t${JSON.stringify(s.id)}\t[${s.firstDataAt},${s.lastDataAt},${s.events},${s.firstEventTs},${s.lastEventTs},${s.maxGap},${s.established ? 1 : 0},${s.establishedAt ?? 'null'},${num(s.deviation)},${s.unmanaged ? 1 : 0},${cur ? `[${cur.toJSON().join(',')}]` : 'null'},${cur ? `[${cur.saved.join(',')}]` : 'null'},[${ports.slice(1)}],[${onceText.slice(1)}],${names.length ? JSON.stringify(names) : '[]'},${cold}]`;
}

/** Text of a finite number as JSON writes it (the running statistics are floats). */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : '0');

export interface ParsedLine { type: EntityType; id: string; line: Line }

/** Every line of one journal row, in order. */
export function* journalLines(body: string): Generator<ParsedLine> {
  let at = 0;
  while (at < body.length) {
    const end = body.indexOf('\n', at + 1);
    const text = body.slice(at + 1, end < 0 ? body.length : end);
    at = end < 0 ? body.length : end;
    const parsed = parseLine(text);
    if (parsed) yield parsed;
  }
}

/** The lines of one entity in a journal row (a reader that wants one entity does not parse the rest). */
export function* entityLines(body: string, type: EntityType, id: string): Generator<Line> {
  const needle = `\n${type}\t${JSON.stringify(id)}\t`;
  let at = body.indexOf(needle);
  while (at >= 0) {
    const end = body.indexOf('\n', at + 1);
    const parsed = parseLine(body.slice(at + 1, end < 0 ? body.length : end));
    if (parsed) yield parsed.line;
    at = end < 0 ? -1 : body.indexOf(needle, end);
  }
}

function parseLine(text: string): ParsedLine | null {
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
      d = { ip, count: 1, bytesOut, first, last: first, internal: isPrivateIp(ip), hour, hourBytes, written: 0, writtenBytes: 0 };
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
