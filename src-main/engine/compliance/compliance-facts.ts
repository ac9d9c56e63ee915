// Reads, in one pass per table, the live fleet state every compliance check looks at. Kept apart from
// the checks so each check stays a pure function of these facts (and is tested as one).
import type { AnomalyStatus, IncidentStatus, RecommendedAction, Severity } from '@shared/domain/enums';
import type { Db } from '../db/open';
import type { Inventory } from '../inventory/inventory';
import type { Sample } from '../inventory/fleet-states';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const CERT_WARN_MS = 30 * DAY;
export const SILENT_AFTER_MS = DAY;
/** Unattributed events are counted up to this many: enough to say "at least". */
export const UNATTRIBUTED_CAP = 10_000;

export interface OpenAnomaly { id: string; entity_type: string; entity_id: string; type: string; severity: Severity; status: AnomalyStatus; detected_at: number; recommended_action: RecommendedAction; incident_id: string | null }
export interface ActiveIncident { id: string; severity: string; status: IncidentStatus; opened_at: number; updated_at: number }

export type { Sample } from '../inventory/fleet-states';
export const SAMPLE_IDS = 20;
const WINDOWS = { certWarnMs: CERT_WARN_MS, silentAfterMs: SILENT_AFTER_MS, sampleIds: SAMPLE_IDS };

export interface ComplianceFacts {
  now: number;
  devices: {
    total: number; notEnrolled: Sample; unverified: Sample; untrusted: Sample; certExpired: Sample; certExpiring: Sample;
    eol: Sample; outdated: Sample; silent: Sample;
  };
  workloads: { total: number; silent: Sample };
  users: { enabled: number; withoutMfa: Sample };
  anomalies: OpenAnomaly[];
  incidents: ActiveIncident[];
  /** Malicious indicator contacts of the last 7 days not followed by a resolved anomaly on that entity. */
  maliciousContacts: { entity_id: string; value: string; ts: number }[];
  unattributedEvents24h: number;
  feeds: { count: number; newestImport: number | null };
  violations24h: { count: number; entities: string[] };
  baselines: { withTelemetry: number; established: number; notEstablished: Sample };
  posture: { entities: number; assessed24h: number; unassessed: string[] };
  policies: { populated: boolean };
}

function sampleOf(db: Db, countSql: string, idsSql: string, ...params: unknown[]): Sample {
  const count = db.prepare(countSql).pluck().get(...params) as number;
  return { count, ids: count === 0 ? [] : (db.prepare(`${idsSql} LIMIT ${SAMPLE_IDS}`).pluck().all(...params) as string[]) };
}

export function readComplianceFacts(db: Db, inventory: Inventory, now: number, policiesPopulated: boolean): ComplianceFacts {
  const devices = inventory.deviceStates(Math.trunc(now), WINDOWS);
  const { total: workloads, silent: silentWorkloads } = inventory.workloadStates(now, WINDOWS);
  const { enabled: enabledUsers, withoutMfa } = inventory.userStates(WINDOWS);
  const baselines = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(established), 0) AS established FROM baselines WHERE entity_type = 'device'`).get() as { n: number; established: number };
  const notEstablished = sampleOf(db, `SELECT COUNT(*) FROM baselines WHERE entity_type = 'device' AND established = 0`, `SELECT entity_id FROM baselines WHERE entity_type = 'device' AND established = 0 ORDER BY entity_id`);
  const posture = db.prepare(`SELECT COALESCE(SUM(assessed_at >= ?), 0) AS fresh FROM posture WHERE entity_type IN ('device','workload')`).get(now - DAY) as { fresh: number };
  const unassessed = posture.fresh >= devices.total + workloads ? [] : db.prepare(`SELECT id FROM (SELECT device_id AS id, 'device' AS t FROM devices UNION ALL SELECT workload_id, 'workload' FROM workloads)
    WHERE NOT EXISTS (SELECT 1 FROM posture p WHERE p.entity_type = t AND p.entity_id = id AND p.assessed_at >= ?) ORDER BY id LIMIT ${SAMPLE_IDS}`).pluck().all(now - DAY) as string[];
  const feeds = db.prepare('SELECT COUNT(*) AS count, MAX(imported_at) AS newest FROM intel_feeds').get() as { count: number; newest: number | null };
  const violations = db.prepare('SELECT COUNT(*) AS n, group_concat(DISTINCT entity_id) AS ids FROM policy_violations WHERE ts >= ?').get(now - DAY) as { n: number; ids: string | null };

  return {
    now,
    devices,
    workloads: { total: workloads, silent: silentWorkloads },
    users: { enabled: enabledUsers, withoutMfa },
    anomalies: db.prepare(`SELECT id, entity_type, entity_id, type, severity, status, detected_at, recommended_action, incident_id FROM anomalies
      WHERE status IN ('open','acknowledged') ORDER BY detected_at, id`).all() as OpenAnomaly[],
    incidents: db.prepare(`SELECT id, severity, status, opened_at, updated_at FROM incidents WHERE status IN ('open','contained') ORDER BY opened_at, id`).all() as ActiveIncident[],
    maliciousContacts: db.prepare(`SELECT h.entity_id, h.value, MAX(h.ts) AS ts FROM intel_hits h
      WHERE h.reputation = 'malicious' AND h.ts >= ? AND h.entity_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM anomalies a WHERE a.entity_id = h.entity_id AND a.status IN ('resolved','false_positive')
          AND a.type IN ('ioc_contact','c2_beaconing') AND a.status_changed_at >= h.ts)
      GROUP BY h.entity_id, h.value ORDER BY h.entity_id, h.value`).all(now - 7 * DAY) as { entity_id: string; value: string; ts: number }[],
    unattributedEvents24h: db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE entity_id IS NULL AND ts >= ? LIMIT ?)').pluck().get(now - DAY, UNATTRIBUTED_CAP) as number,
    feeds: { count: feeds.count, newestImport: feeds.newest },
    violations24h: { count: violations.n, entities: violations.ids ? violations.ids.split(',').sort() : [] },
    baselines: { withTelemetry: baselines.n, established: baselines.established, notEstablished },
    posture: { entities: devices.total + workloads, assessed24h: posture.fresh, unassessed },
    policies: { populated: policiesPopulated },
  };
}
