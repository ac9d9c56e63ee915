// The stored telemetry (events and the intel hits found in them) as the rest of the engine sees it once
// ingested: its age, search, and retention's bounded deletes. Ingest itself writes rows on its hot path (ingestor.ts).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { SqlRunner } from '../db/sql';
import { sql } from '../db/sql';
import type { PruneTarget } from '../retention/prune-target';
import type { EventRow } from './event-row';
import type { IntelHit } from '@shared/domain/telemetry';
import type { Logger } from '../log';
import { EntityEventIndex } from './entity-event-index';
import { searchTelemetry } from './telemetry-search';

export class TelemetryStore {
  private readonly byEntity: EntityEventIndex;

  constructor(private readonly runner: SqlRunner, log: Logger) {
    this.byEntity = new EntityEventIndex(runner, log);
  }

  /** The data time of the newest stored event, or null when there is none (an index probe on events(ts)). */
  newestEventTs(): number | null {
    return this.runner.value<number | null>(sql`SELECT MAX(ts) FROM events`, 'telemetry.newest') ?? null;
  }

  /** Events not attributed to any entity since `since`, counted up to `cap` (enough to say "at least"). */
  countUnattributedSince(since: number, cap: number): number {
    return this.byEntity.countUnattributedSince(since, cap);
  }

  /** Per entity and value, the newest malicious indicator contact since `since`. */
  maliciousContactsSince(since: number): { entity_id: string; value: string; ts: number }[] {
    return this.runner.all<{ entity_id: string; value: string; ts: number }>(sql`SELECT entity_id, value, MAX(ts) AS ts FROM intel_hits
      WHERE reputation = 'malicious' AND ts >= ${since} AND entity_id IS NOT NULL GROUP BY entity_id, value ORDER BY entity_id, value`, 'telemetry.maliciousContacts');
  }

  /** Malicious and suspicious indicator hits since `since` of the given entities of one type, per value (posture's bulk read). */
  intelFacts(type: string, ids: readonly string[], since: number): { entity_id: string; value: string; reputation: 'malicious' | 'suspicious'; hits: number; last_ts: number }[] {
    return this.runner.all<{ entity_id: string; value: string; reputation: 'malicious' | 'suspicious'; hits: number; last_ts: number }>(sql`SELECT entity_id, value, reputation,
      COUNT(*) AS hits, MAX(ts) AS last_ts FROM intel_hits WHERE entity_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND ts >= ${since}
      AND reputation IN ('malicious','suspicious') AND (entity_type = ${type} OR entity_type IS NULL) GROUP BY entity_id, value, reputation`, 'telemetry.intelFacts');
  }

  /** Stored events after id `after` with ts at or after `from`, in ingest order (the rebuild's replay, a page at a time). */
  eventsPage(after: number, from: number, limit: number): EventRow[] {
    return this.runner.all<EventRow>(sql`SELECT * FROM events WHERE id > ${after} AND ts >= ${from} ORDER BY id LIMIT ${limit}`, 'telemetry.eventsPage');
  }

  /** What `stats` reports of the stored telemetry: events per kind, their time span, unattributed events, intel hits. */
  counts(): { byKind: Record<string, number>; first: number | null; last: number | null; unattributed: number; intelHits: number } {
    const byKind = Object.fromEntries(this.runner.all<{ kind: string; n: number }>(sql`SELECT kind, COUNT(*) AS n FROM events GROUP BY kind`, 'telemetry.byKind').map((r) => [r.kind, r.n]));
    const span = this.runner.get<{ first: number | null; last: number | null }>(sql`SELECT MIN(ts) AS first, MAX(ts) AS last FROM events`, 'telemetry.span')!;
    return {
      byKind, first: span.first, last: span.last,
      unattributed: this.byEntity.countUnattributed(),
      intelHits: this.runner.value<number>(sql`SELECT COUNT(*) FROM intel_hits`, 'telemetry.intelHits') ?? 0,
    };
  }

  /** Events by free text and field filters over a time range, newest first, with a histogram (events.search). */
  search(input: OpParsedInput<'events.search'>): OpOutput<'events.search'> {
    return searchTelemetry(this.runner, input);
  }

  /** Stored network events (dns, http, tls, flow) after an id, in id order: a page of a re-scan (shadow-AI retro-discovery). */
  networkEventsAfter(afterId: number, limit: number): EventRow[] {
    return this.runner.all<EventRow>(sql`SELECT * FROM events WHERE id > ${afterId} AND kind IN ('dns', 'http', 'tls', 'flow') ORDER BY id LIMIT ${limit}`, 'telemetry.networkAfter');
  }

  /** Stored events from `since` on (data time), oldest first, as rows: the intel retro-hunt reads them once. */
  eventsSince(since: number): IterableIterator<EventRow> {
    return this.runner.iterate<EventRow>(sql`SELECT * FROM events WHERE ts >= ${since} ORDER BY ts, id`);
  }

  /** Whether an event already matched an indicator (recorded at ingest or by an earlier hunt). */
  hasHit(eventId: number, indicatorId: number): boolean {
    return this.runner.value(sql`SELECT 1 FROM intel_hits WHERE event_id = ${eventId} AND indicator_id = ${indicatorId} LIMIT 1`, 'telemetry.hasHit') !== undefined;
  }

  /** Records a hit an intel retro-hunt found in a stored event (with the event's own time). */
  recordHit(ev: { id: number; ts: number; entity_type: string | null; entity_id: string | null }, hit: IntelHit): void {
    this.runner.run(sql`INSERT INTO intel_hits (event_id, ts, indicator_id, reputation, field, value, entity_type, entity_id)
      VALUES (${ev.id}, ${ev.ts}, ${hit.indicator_id}, ${hit.reputation}, ${hit.field}, ${hit.value}, ${ev.entity_type}, ${ev.entity_id})`, 'telemetry.recordHit');
  }

  readonly events: PruneTarget = {
    any: (before) => this.runner.value(sql`SELECT 1 FROM events WHERE ts < ${before} LIMIT 1`, 'retention.events.any') !== undefined,
    // The oldest first (the events(ts) index's order), the same rows for both deletes, in one transaction.
    delete: (before, limit) => this.runner.transaction(() => {
      const oldest = sql`SELECT id FROM events WHERE ts < ${before} ORDER BY ts, id LIMIT ${limit}`;
      this.byEntity.forget(oldest);
      return this.runner.run(sql`DELETE FROM events WHERE id IN (${oldest})`, 'retention.events.delete').changes;
    }),
  };

  readonly intelHits: PruneTarget = {
    any: (before) => this.runner.value(sql`SELECT 1 FROM intel_hits WHERE ts < ${before} LIMIT 1`, 'retention.intel_hits.any') !== undefined,
    delete: (before, limit) =>
      this.runner.run(sql`DELETE FROM intel_hits WHERE id IN (SELECT id FROM intel_hits WHERE ts < ${before} LIMIT ${limit})`, 'retention.intel_hits.delete').changes,
  };
}
