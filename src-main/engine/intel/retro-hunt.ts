// The intel retro-hunt: indicators imported after the telemetry that touched them still find it. After
// each import, the stored events of the configured window (ioc.retro_hunt_days, default 30, counted back
// from the newest stored event so replayed old captures are covered) are run through a matcher of only
// the indicators the import created or raised to suspicious/malicious; each hit is recorded in
// intel_hits and becomes an ioc_contact anomaly dated at the original event, as if it had been
// matched on arrival (one per entity and indicator, grouped into incidents like any other).
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { EntityStats } from '../baseline/entity-stats';
import type { SqlRunner } from '../db/sql';
import type { DetectConfig } from '../detect/config';
import { IocContactDetector } from '../detect/ioc-contact';
import type { DetectContext } from '../detect/types';
import { eventFromRow } from '../ingest/event-row';
import type { TelemetryStore } from '../ingest/telemetry-store';
import type { Inventory } from '../inventory/inventory';
import type { Logger } from '../log';
import type { IntelStore, RetroHuntSummary } from './intel-store';
import type { Touched } from './intel-writer';

const DAY = 86_400_000;

export interface RetroHuntDeps {
  sql: SqlRunner;
  log: Logger;
  intel: IntelStore;
  telemetry: TelemetryStore;
  anomalies: AnomalyStore;
  inventory: Inventory;
  config: () => DetectConfig;
}

export function retroHunt(deps: RetroHuntDeps, touched: readonly Touched[]): RetroHuntSummary | undefined {
  const cfg = deps.config();
  const days = cfg.ioc.retro_hunt_days;
  if (days <= 0) return undefined;
  const match = deps.intel.matcherFor(touched);
  const newest = deps.telemetry.newestEventTs();
  const since = newest === null ? null : newest - days * DAY;
  const summary: RetroHuntSummary = { window_days: days, since: since === null ? null : new Date(since).toISOString(), events_scanned: 0, hits: 0, anomalies: 0 };
  if (!match || since === null) return summary;
  const started = performance.now();
  const detector = new IocContactDetector(deps.intel);
  const reported = new Set<string>();
  const ctx = {
    cfg,
    report: (f) => {
      const { anomaly } = deps.anomalies.report({
        ...f,
        description: `${f.description} (found looking back when the indicator was imported)`,
        evidence: { ...f.evidence, found_by: 'retro_hunt' },
      });
      reported.add(anomaly.id);
    },
  } as Pick<DetectContext, 'cfg' | 'report'> as DetectContext;
  const subjects = new Map<string, EntityStats>();
  deps.sql.transaction(() => {
    // Read first, write after: a connection cannot write while a statement of it is still iterating.
    const found: AttributedEvent[] = [];
    for (const row of deps.telemetry.eventsSince(since)) {
      summary.events_scanned++;
      if (row.entity_id === null || row.entity_type === null) continue;
      const ev = eventFromRow(row) as AttributedEvent;
      const hits = match(ev);
      if (hits.length === 0) continue;
      ev.intel = hits;
      found.push(ev);
    }
    for (const ev of found) {
      const hits = ev.intel.filter((h) => !deps.telemetry.hasHit(ev.id, h.indicator_id));
      if (hits.length === 0) continue;
      for (const h of hits) deps.telemetry.recordHit(ev, h);
      summary.hits += hits.length;
      ev.intel = hits;
      const key = `${ev.entity_type}:${ev.entity_id}`;
      let s = subjects.get(key);
      if (!s) subjects.set(key, (s = { type: ev.entity_type, id: ev.entity_id, unmanaged: deps.inventory.isDiscovered(ev.entity_id!) } as EntityStats));
      detector.onEvent(ev, s, ctx);
    }
    detector.endBatch(ctx);
  });
  summary.anomalies = reported.size;
  deps.log.info('intel retro-hunt', { ...summary, ms: Math.round(performance.now() - started) });
  return summary;
}
