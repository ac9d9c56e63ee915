// Test harness: an in-memory database with the engine's audit log, event log and inventory, an anomaly
// store and a pipeline, fed synthetic AttributedEvent batches the way the ingestor does (in a transaction).
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { DeviceRecord } from '@shared/domain/inventory';
import { AnomalyStore } from '../../../src-main/engine/anomalies/anomaly-store';
import { AuditLog } from '../../../src-main/engine/audit/audit-log';
import { ManualClock } from '../../../src-main/engine/clock';
import { openDatabase, type Db } from '../../../src-main/engine/db/open';
import { SqlRunner } from '../../../src-main/engine/db/sql';
import { parseDetectConfig, type DetectConfigInput } from '../../../src-main/engine/detect/config';
import { EventLog } from '../../../src-main/engine/events/event-log';
import { IntelStore } from '../../../src-main/engine/intel/intel-store';
import { Inventory } from '../../../src-main/engine/inventory/inventory';
import { testLogger } from '../../support/test-logger';
import { ContinuousPipeline, type BatchOutcome } from '../../../src-main/engine/pipeline/continuous-pipeline';

export const T0 = Date.UTC(2026, 4, 1);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export type Ev = Partial<AttributedEvent> & Pick<AttributedEvent, 'ts' | 'kind'>;

export interface Harness {
  db: Db;
  sql: SqlRunner;
  clock: ManualClock;
  audit: AuditLog;
  events: EventLog;
  inventory: Inventory;
  anomalies: AnomalyStore;
  pipeline: ContinuousPipeline;
  outcomes: BatchOutcome[];
  feed(evs: Ev[], batch?: number): void;
  device(d: Partial<DeviceRecord> & { device_id: string }): void;
  reopen(): void;
}

export function harness(config: DetectConfigInput = {}, dbPath = ':memory:'): Harness {
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  const db = openDatabase(dbPath);
  const sqlRunner = new SqlRunner(db, testLogger);
  const sql = sqlRunner;
  const audit = new AuditLog(sql, clock);
  const events = new EventLog(sql, clock, testLogger);
  const inventory = new Inventory(sql, clock);
  const intel = new IntelStore({ sql, clock, log: testLogger, audit });
  const anomalies = new AnomalyStore({ sql, clock, audit, events });
  const cfg = parseDetectConfig(config);
  const make = () => new ContinuousPipeline({ db, sql: sqlRunner, clock, log: testLogger, inventory, intel, anomalies, config: cfg });
  let nextId = 1;
  const h: Harness = {
    db, sql: sqlRunner, clock, audit, events, inventory, anomalies, pipeline: make(), outcomes: [],
    feed(evs, batch = 10_000) {
      const all: AttributedEvent[] = evs.map((e) => ({ id: nextId++, entity_type: null, entity_id: null, intel: [], ...e }) as AttributedEvent);
      for (let i = 0; i < all.length; i += batch) {
        const slice = all.slice(i, i + batch);
        db.transaction(() => {
          h.pipeline.onBatch(slice);
          h.pipeline.endCommit();
        })();
      }
    },
    device(d) {
      audit.record({ type: 'cli', id: 'test' }, 'inventory.import', {}, () =>
        inventory.upsertDevice({ device_type: 'workstation', firmware_status: 'current', trust_level: 'verified', ip_addresses: [], ...d } as DeviceRecord));
    },
    reopen() {
      h.pipeline = make();
      h.pipeline.afterBatch((o) => h.outcomes.push(o));
    },
  };
  h.pipeline.afterBatch((o) => h.outcomes.push(o));
  return h;
}

/** A device's ordinary life: every `everyMs` a flow to each of `dests` (round robin), from `start` for `days`. */
export function routine(deviceId: string, dests: { ip: string; port: number; bytes?: number }[], start: number, days: number, everyMs = 5 * MIN): Ev[] {
  const out: Ev[] = [];
  let i = 0;
  for (let t = start; t < start + days * DAY; t += everyMs) {
    const d = dests[i++ % dests.length];
    out.push({ ts: t, kind: 'flow', entity_type: 'device', entity_id: deviceId, device_id: deviceId, src_ip: '10.1.0.10', dst_ip: d.ip, dst_port: d.port, proto: 'tcp', bytes_out: d.bytes ?? 2000, bytes_in: 8000, conn_state: 'SF' });
  }
  return out;
}

export const flow = (deviceId: string, ts: number, dst: string, port: number, extra: Partial<AttributedEvent> = {}): Ev => ({
  ts, kind: 'flow', entity_type: 'device', entity_id: deviceId, device_id: deviceId, src_ip: '10.1.0.10', dst_ip: dst, dst_port: port, proto: 'tcp', bytes_out: 500, bytes_in: 1500, conn_state: 'SF', ...extra,
});

export const ofType = (h: Harness, type: string) => h.anomalies.list({ type: type as never, status: 'all', limit: 100 }).anomalies;
