// The stored telemetry (events and the intel hits found in them) as the rest of the engine sees it once
// ingested: its age, search, and retention's bounded deletes. Ingest itself writes rows on its hot path (ingestor.ts).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { SqlRunner } from '../db/sql';
import { sql } from '../db/sql';
import type { PruneTarget } from '../retention/prune-target';
import { searchTelemetry } from './telemetry-search';
import type { EventRow } from './event-row';

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

  /** Stored network events (dns, http, tls, flow) after an id, in id order: a page of a re-scan (shadow-AI retro-discovery). */
  networkEventsAfter(afterId: number, limit: number): EventRow[] {
    return this.runner.all<EventRow>(sql`SELECT * FROM events WHERE id > ${afterId} AND kind IN ('dns', 'http', 'tls', 'flow') ORDER BY id LIMIT ${limit}`, 'telemetry.networkAfter');
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
