// The detector interface: hooks the pipeline calls per event kind (with facts it has already worked
// out once, so no detector re-derives them), at the end of each batch, and on the clock tick.
import type { AnomalyType, EntityType } from '@shared/domain/enums';
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { Finding } from '../anomalies/types';
import type { BaselineStore } from '../baseline/baseline-store';
import type { DnsNames } from '../baseline/dns-names';
import type { Dest, EntityStats } from '../baseline/entity-stats';
import type { DetectConfig } from './config';
import type { FleetDestinations } from './fleet-destinations';

/** An outbound flow of an entity, as every flow detector sees it. */
export interface FlowFacts {
  ev: AttributedEvent;
  s: EntityStats;
  dest: Dest;
  /** The destination was not among the entity's known destinations before this flow (by address, or by DNS name). */
  isNew: boolean;
  /** DNS name of a destination new to the entity, when one was seen resolving to it (undefined for known destinations). */
  name: string | undefined;
  /** The connection was refused or never answered (Zeek S0/REJ/…; or TCP with no bytes either way). */
  failed: boolean;
  port: number;
}

export interface InventoryFacts {
  manufacturer: string | null;
  model: string | null;
  firmware_version: string | null;
  firmware_status: string | null;
  device_type: string | null;
  /** Where the device is (the inventory's site): a whole site falling silent is a collector outage. */
  site?: string | null;
}

export interface DetectContext {
  readonly cfg: DetectConfig;
  readonly dns: DnsNames;
  readonly baselines: BaselineStore;
  readonly fleet: FleetDestinations;
  /** Data-time watermark: the newest event time seen. */
  readonly watermark: number;
  report(f: Finding): void;
  /** Closes an open anomaly whose condition has cleared (device back online, firmware updated). */
  resolve(entityType: EntityType, entityId: string, type: AnomalyType, dedupeKey: string | undefined, reason: string): void;
  /** The inventory row of a device (cached); null for ids the inventory does not hold. */
  device(id: string): InventoryFacts | null;
}

export interface Detector {
  readonly type: AnomalyType;
  onFlow?(f: FlowFacts, ctx: DetectContext): void;
  onEvent?(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void;
  /** A device's firmware facts: on firmware reports, its first event, and inventory changes. */
  onFirmware?(deviceId: string, f: InventoryFacts, ts: number, ctx: DetectContext): void;
  /** Takes back, silently, the firmware facts a device was last judged on (by an earlier process). */
  restoreFirmware?(deviceId: string, f: InventoryFacts): void;
  endBatch?(ctx: DetectContext): void;
  onTick?(asOf: number, ctx: DetectContext): void;
}

const SUBJECT: Record<EntityType, string> = { device: 'Device', workload: 'Workload', user: 'User' };

/** How a description names its subject: "Device" for inventory entities (the id is a field already), "Host 10.0.0.5" for addresses no inventory entity explains. */
export function subject(s: Pick<EntityStats, 'type' | 'id'> & { unmanaged?: boolean }): string {
  if (s.unmanaged) return `Host ${s.id}`;
  return s.type === 'user' ? `User ${s.id}` : SUBJECT[s.type];
}

export const fmtDuration = (ms: number): string => {
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(s / 86400).toFixed(1).replace(/\.0$/, '')} days`;
};

export const fmtBytes = (n: number): string => {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
};

export const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
