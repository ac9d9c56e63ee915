// What detectors see of the pipeline during one batch or tick: configuration, baselines, names, fleet
// counts, the watermark, and report/resolve, which land in the anomaly store and are remembered as this
// batch's changes for the afterBatch listeners.
import type { AnomalyType, EntityType } from '@shared/domain/enums';
import type { AnomalyStore } from '../anomalies/anomaly-store';
import { defaultDedupeKey } from '../anomalies/anomaly-store';
import type { Anomaly, Finding } from '../anomalies/types';
import type { BaselineStore } from '../baseline/baseline-store';
import type { DnsNames } from '../baseline/dns-names';
import type { PreparedStatement, SqlRunner } from '../db/sql';
import type { DetectConfig } from '../detect/config';
import type { FleetDestinations } from '../detect/fleet-destinations';
import type { DetectContext, InventoryFacts } from '../detect/types';
import type { EntityRef } from '../inventory/inventory';
import type { Logger } from '../log';

const SYSTEM = { type: 'system' as const, id: 'detectors' };

export class BatchContext implements DetectContext {
  cfg: DetectConfig;
  watermark = 0;
  readonly changed = new Map<string, Anomaly>();
  readonly refs = new Map<string, EntityRef>();
  private readonly facts = new Map<string, InventoryFacts | null>();
  private readonly deviceRow: PreparedStatement<[string]>;

  constructor(
    db: SqlRunner,
    cfg: DetectConfig,
    readonly baselines: BaselineStore,
    readonly dns: DnsNames,
    readonly fleet: FleetDestinations,
    private readonly anomalies: AnomalyStore,
    private readonly log: Logger,
  ) {
    this.cfg = cfg;
    this.deviceRow = db.prepare('pipeline.device_facts', 'SELECT manufacturer, model, firmware_version, firmware_status, device_type, site FROM devices WHERE device_id = ?');
  }

  report(f: Finding): void {
    const { anomaly } = this.anomalies.report(f);
    this.changed.set(anomaly.id, anomaly);
    this.touch(anomaly.entity_type, anomaly.entity_id);
  }

  resolve(entityType: EntityType, entityId: string, type: AnomalyType, dedupeKey: string | undefined, reason: string): void {
    const open = this.anomalies.findOpen(dedupeKey ?? defaultDedupeKey({ entity_type: entityType, entity_id: entityId, type }));
    if (!open) return;
    try {
      const a = this.anomalies.setStatus(open.id, 'resolved', { actor: SYSTEM, reason });
      this.changed.set(a.id, a);
      this.touch(entityType, entityId);
    } catch (err) {
      this.log.warn('could not resolve anomaly', { anomaly_id: open.id, error: String(err) });
    }
  }

  device(id: string): InventoryFacts | null {
    let f = this.facts.get(id);
    if (f === undefined) {
      f = this.deviceRow.get<InventoryFacts>(id) ?? null;
      this.facts.set(id, f);
    }
    return f;
  }

  /** Forget cached inventory rows (the inventory changed). */
  forgetDevices(): void {
    this.facts.clear();
  }

  touch(type: EntityType, id: string): void {
    const key = `${type}:${id}`;
    if (!this.refs.has(key)) this.refs.set(key, { type, id });
  }

  /** Hands over this batch's changes and starts the next batch empty. */
  take(): { dirty: EntityRef[]; anomalies: Anomaly[] } {
    const out = { dirty: [...this.refs.values()], anomalies: [...this.changed.values()] };
    this.refs.clear();
    this.changed.clear();
    return out;
  }
}
