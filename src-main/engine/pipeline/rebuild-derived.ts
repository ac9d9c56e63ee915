// `db rebuild-derived`: recomputes every table derived from the stored events (hourly roll-ups,
// destinations, baselines, DNS names, firmware judged) by replaying the events in the order they were
// ingested through the pipeline's own roll-up code, detectors off. For databases whose derived state
// was damaged before it was written with its events (interrupted or concurrent ingests).
// After retention pruned events, the hours before the events' horizon cannot be recomputed: their
// roll-ups are kept as they are, and events older than the horizon still waiting to be pruned are not
// replayed (they are counted in those kept roll-ups already). Destinations, DNS names and baselines are
// rebuilt from the kept events only (docs/derived-state.md).
import type { Actor } from '@shared/domain/actor';
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { Engine } from '../engine';
import { BASELINE_TABLES, BaselineFacts } from '../baseline/baseline-facts';
import { BATCH_EVENTS } from '../ingest/commit-budget';
import { eventFromRow } from '../ingest/event-row';
import { ContinuousPipeline } from './continuous-pipeline';
import { DerivedStateStore } from './derived-state-store';

export interface RebuildSummary { events: number; entities: number; hourly_rows: number; destinations: number; seconds: number }

/** What the rebuild recomputes (the audit entry names them): the hourly roll-ups, the baseline domain's tables, firmware judgements. */
const DERIVED_TABLES = ['entity_hourly', ...BASELINE_TABLES, 'device_firmware_judged'] as const;

/** Runs in one transaction: readers see the old derived state or the new one, never a half-built one. */
export function rebuildDerived(engine: Engine, actor: Actor): RebuildSummary {
  const started = performance.now();
  const { db, sql: sqlRunner } = engine;
  const baselines = new BaselineFacts(sqlRunner);
  const derived = new DerivedStateStore(sqlRunner);
  return engine.audit.record(actor, 'db.rebuild_derived', { tables: DERIVED_TABLES }, () => {
    const horizon = engine.retention.store.horizon('events') ?? Number.MIN_SAFE_INTEGER;
    baselines.clearForRebuild(horizon);
    derived.clearFirmware();
    derived.resetOfflineCheck();
    const replay = new ContinuousPipeline({ db, sql: sqlRunner, clock: engine.clock, log: engine.log, inventory: engine.inventory, intel: engine.intel, anomalies: engine.anomalies, detectors: false });
    // Pages, not one iterator: the connection cannot write while a statement is still reading.
    const page = (after: number) => engine.telemetry.eventsPage(after, horizon, BATCH_EVENTS);
    let events = 0;
    let after = 0;
    for (;;) {
      const rows = page(after);
      if (rows.length === 0) break;
      replay.onBatch(rows.map((r): AttributedEvent => ({ ...eventFromRow(r), intel: [] })));
      replay.endCommit();
      events += rows.length;
      after = rows[rows.length - 1].id;
    }
    replay.settle();
    return { events, ...baselines.counts(), seconds: (performance.now() - started) / 1000 };
  }, (r) => ({ events: r.events, entities: r.entities, hourly_rows: r.hourly_rows, destinations: r.destinations }));
}
