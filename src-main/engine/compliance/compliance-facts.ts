// Reads, in one pass per table, the live fleet state every compliance check looks at. Kept apart from
// the checks so each check stays a pure function of these facts (and is tested as one).
import type { AnomalyStatus, IncidentStatus, RecommendedAction, Severity } from '@shared/domain/enums';
import type { Db } from '../db/open';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const CERT_WARN_MS = 30 * DAY;
export const SILENT_AFTER_MS = DAY;
/** Unattributed events are counted up to this many: enough to say "at least". */
export const UNATTRIBUTED_CAP = 10_000;

export interface OpenAnomaly { id: string; entity_type: string; entity_id: string; type: string; severity: Severity; status: AnomalyStatus; detected_at: number; recommended_action: RecommendedAction; incident_id: string | null }
export interface ActiveIncident { id: string; severity: string; status: IncidentStatus; opened_at: number; updated_at: number }

export interface ComplianceFacts {
  now: number;
  devices: {
    total: number; notEnrolled: string[]; unverified: string[]; untrusted: string[]; certExpired: string[]; certExpiring: string[];
    eol: string[]; outdated: string[]; silent: string[];
  };
  workloads: { total: number; silent: string[] };
  users: { enabled: number; withoutMfa: string[] };
  anomalies: OpenAnomaly[];
  incidents: ActiveIncident[];
  /** Malicious indicator contacts of the last 7 days not followed by a resolved anomaly on that entity. */
  maliciousContacts: { entity_id: string; value: string; ts: number }[];
  unattributedEvents24h: number;
  feeds: { count: number; newestImport: number | null };
  violations24h: { count: number; entities: string[] };
  baselines: { withTelemetry: number; established: number; notEstablished: string[] };
  posture: { entities: number; assessed24h: number; unassessed: string[] };
  policies: { populated: boolean };
}

interface DeviceRow { device_id: string; trust_level: string; enrolled_at: number | null; cert_expires_at: number | null; firmware_status: string; last_seen: number | null }

export function readComplianceFacts(db: Db, now: number, policiesPopulated: boolean): ComplianceFacts {
  const devices: ComplianceFacts['devices'] = { total: 0, notEnrolled: [], unverified: [], untrusted: [], certExpired: [], certExpiring: [], eol: [], outdated: [], silent: [] };
  for (const d of db.prepare('SELECT device_id, trust_level, enrolled_at, cert_expires_at, firmware_status, last_seen FROM devices ORDER BY device_id').iterate() as IterableIterator<DeviceRow>) {
    devices.total++;
    if (d.enrolled_at == null) devices.notEnrolled.push(d.device_id);
    if (d.trust_level === 'unverified') devices.unverified.push(d.device_id);
    if (d.trust_level === 'untrusted') devices.untrusted.push(d.device_id);
    if (d.cert_expires_at != null && d.cert_expires_at <= now) devices.certExpired.push(d.device_id);
    else if (d.cert_expires_at != null && d.cert_expires_at - now <= CERT_WARN_MS) devices.certExpiring.push(d.device_id);
    if (d.firmware_status === 'eol') devices.eol.push(d.device_id);
    if (d.firmware_status === 'outdated') devices.outdated.push(d.device_id);
    if (d.last_seen == null || now - d.last_seen > SILENT_AFTER_MS) devices.silent.push(d.device_id);
  }
  const workloadRows = db.prepare('SELECT workload_id, last_seen FROM workloads ORDER BY workload_id').all() as { workload_id: string; last_seen: number | null }[];
  const users = db.prepare('SELECT user_id, mfa_enrolled FROM users WHERE enabled = 1 ORDER BY user_id').all() as { user_id: string; mfa_enrolled: number }[];

  const baselineRows = db.prepare(`SELECT b.entity_id, b.established FROM baselines b WHERE b.entity_type = 'device'`).all() as { entity_id: string; established: number }[];
  const posture = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(assessed_at >= ?), 0) AS fresh FROM posture WHERE entity_type IN ('device','workload')`).get(now - DAY) as { n: number; fresh: number };
  const unassessed = db.prepare(`SELECT id FROM (SELECT device_id AS id, 'device' AS t FROM devices UNION ALL SELECT workload_id, 'workload' FROM workloads)
    WHERE NOT EXISTS (SELECT 1 FROM posture p WHERE p.entity_type = t AND p.entity_id = id AND p.assessed_at >= ?) ORDER BY id LIMIT 20`).pluck().all(now - DAY) as string[];
  const feeds = db.prepare('SELECT COUNT(*) AS count, MAX(imported_at) AS newest FROM intel_feeds').get() as { count: number; newest: number | null };
  const violations = db.prepare('SELECT COUNT(*) AS n, group_concat(DISTINCT entity_id) AS ids FROM policy_violations WHERE ts >= ?').get(now - DAY) as { n: number; ids: string | null };

  return {
    now,
    devices,
    workloads: { total: workloadRows.length, silent: workloadRows.filter((w) => w.last_seen == null || now - w.last_seen > SILENT_AFTER_MS).map((w) => w.workload_id) },
    users: { enabled: users.length, withoutMfa: users.filter((u) => u.mfa_enrolled !== 1).map((u) => u.user_id) },
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
    baselines: {
      withTelemetry: baselineRows.length,
      established: baselineRows.filter((b) => b.established === 1).length,
      notEstablished: baselineRows.filter((b) => b.established !== 1).map((b) => b.entity_id).sort(),
    },
    posture: { entities: devices.total + workloadRows.length, assessed24h: posture.fresh, unassessed },
    policies: { populated: policiesPopulated },
  };
}
