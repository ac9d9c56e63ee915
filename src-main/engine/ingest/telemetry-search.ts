// Event search over the stored telemetry (the events table, TelemetryStore's): free text and field
// filters over a time range, newest first and paged, plus a histogram of every match over the range.
// The range defaults to the 24 hours before the newest event, so a search on old data still finds it.
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import { parseTimestamp } from '@shared/domain/time';
import { sql, type SqlRunner } from '../db/sql';
import { likePattern } from '../inventory/inventory-rows';
import { eventsOfEntity } from './entity-event-index';

type Input = OpParsedInput<'events.search'>;
type Output = OpOutput<'events.search'>;
const DAY_MS = 86_400_000;

interface Row {
  id: number; ts: number; kind: Output['events'][number]['kind']; entity_type: Output['events'][number]['entity_type']; entity_id: string | null;
  src_ip: string | null; src_port: number | null; dst_ip: string | null; dst_port: number | null; proto: string | null;
  bytes_out: number | null; bytes_in: number | null; domain: string | null; user_id: string | null; outcome: string | null; hash: string | null; detail: string | null;
}

export function searchTelemetry(runner: SqlRunner, input: Input): Output {
  // Asked by id: the range defaults to the one the ids span, so they are found however old they are.
  const span = input.ids ? runner.get<{ lo: number | null; hi: number | null }>(sql`SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM events WHERE id IN ${sql.list(input.ids)}`, 'events.search.idSpan') : undefined;
  const newest = span ? span.hi : runner.value<number | null>(sql`SELECT MAX(ts) FROM events`, 'events.search.newest') ?? null;
  const until = input.until !== undefined ? parseTimestamp(input.until) : newest === null ? null : newest + 1;
  const since = input.since !== undefined ? parseTimestamp(input.since) : until === null ? null : span?.lo ?? until - DAY_MS;
  if (since === null || until === null) return { events: [], total: 0, since: null, until: null, histogram: [] };
  const like = input.q ? likePattern(input.q.toLowerCase()) : null;
  const where = sql.where([
    sql`ts >= ${since}`,
    sql`ts < ${until}`,
    input.kind && sql`kind = ${input.kind}`,
    input.entity_id && eventsOfEntity(input.entity_id, since, until),
    input.src_ip && sql`src_ip = ${input.src_ip}`,
    input.dst_ip && sql`dst_ip = ${input.dst_ip}`,
    input.dst_port !== undefined && sql`dst_port = ${input.dst_port}`,
    input.domain && sql`lower(domain) = ${input.domain.toLowerCase()}`,
    input.user_id && sql`user_id = ${input.user_id}`,
    input.outcome && sql`outcome = ${input.outcome}`,
    input.ids && sql`id IN ${sql.list(input.ids)}`,
    like && sql`(lower(COALESCE(domain, '')) LIKE ${like} ESCAPE '\\' OR COALESCE(src_ip, '') LIKE ${like} ESCAPE '\\' OR COALESCE(dst_ip, '') LIKE ${like} ESCAPE '\\'
      OR lower(COALESCE(entity_id, '')) LIKE ${like} ESCAPE '\\' OR lower(COALESCE(user_id, '')) LIKE ${like} ESCAPE '\\' OR lower(COALESCE(hash, '')) LIKE ${like} ESCAPE '\\'
      OR lower(COALESCE(detail, '')) LIKE ${like} ESCAPE '\\')`,
  ]);
  const width = Math.max(1, Math.ceil((until - since) / input.buckets));
  const counts = new Map(runner.all<{ b: number; n: number }>(sql`SELECT CAST((ts - ${since}) / ${width} AS INTEGER) AS b, COUNT(*) AS n FROM events ${where} GROUP BY b`, 'events.search.histogram').map((r) => [r.b, r.n]));
  const histogram = Array.from({ length: input.buckets }, (_, i) => ({ start: new Date(since + i * width).toISOString(), count: counts.get(i) ?? 0 }));
  const total = histogram.reduce((n, b) => n + b.count, 0);
  const rows = runner.all<Row>(sql`SELECT id, ts, kind, entity_type, entity_id, src_ip, src_port, dst_ip, dst_port, proto, bytes_out, bytes_in, domain, user_id, outcome, hash, detail
    FROM events ${where} ORDER BY ts DESC, id DESC LIMIT ${input.limit} OFFSET ${input.offset}`, 'events.search.page');
  return { events: rows.map((r) => ({ ...r, ts: new Date(r.ts).toISOString() })), total, since: new Date(since).toISOString(), until: new Date(until).toISOString(), histogram };
}
