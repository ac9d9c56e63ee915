// The stored telemetry (events and the intel hits found in them) as the rest of the engine sees it once
// ingested: its age, search, and retention's bounded deletes. Ingest itself writes rows on its hot path (ingestor.ts).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { SqlRunner } from '../db/sql';
import { sql } from '../db/sql';
import type { PruneTarget } from '../retention/prune-target';
import type { IntelHit } from '@shared/domain/telemetry';
import type { EventRow } from './event-row';
import { searchTelemetry } from './telemetry-search';

export class TelemetryStore {
  constructor(private readonly runner: SqlRunner) {}

  /** The data time of the newest stored event, or null when there is none (an index probe on events(ts)). */
  newestEventTs(): number | null {
    return this.runner.value<number | null>(sql`SELECT MAX(ts) FROM events`, 'telemetry.newest') ?? null;
  }

  /** Events by free text and field filters over a time range, newest first, with a histogram (events.search). */
  search(input: OpParsedInput<'events.search'>): OpOutput<'events.search'> {
    return searchTelemetry(this.runner, input);
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
    delete: (before, limit) =>
      this.runner.run(sql`DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ${before} LIMIT ${limit})`, 'retention.events.delete').changes,
  };

  readonly intelHits: PruneTarget = {
    any: (before) => this.runner.value(sql`SELECT 1 FROM intel_hits WHERE ts < ${before} LIMIT 1`, 'retention.intel_hits.any') !== undefined,
    delete: (before, limit) =>
      this.runner.run(sql`DELETE FROM intel_hits WHERE id IN (SELECT id FROM intel_hits WHERE ts < ${before} LIMIT ${limit})`, 'retention.intel_hits.delete').changes,
  };
}
