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

/** How many entities are in a state, and (up to SAMPLE_IDS of) which. */
export interface Sample { count: number; ids: string[] }
export const SAMPLE_IDS = 20;

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

/** Device states as SQL conditions on `now`: counted in one scan, ids fetched only for states that occur. */
const deviceStates = (now: number) => ({
  notEnrolled: 'enrolled_at IS NULL',
  unverified: "trust_level = 'unverified'",
  untrusted: "trust_level = 'untrusted'",
  certExpired: `cert_expires_at IS NOT NULL AND cert_expires_at <= ${now}`,
  certExpiring: `cert_expires_at > ${now} AND cert_expires_at <= ${now + CERT_WARN_MS}`,
  eol: "firmware_status = 'eol'",
  outdated: "firmware_status = 'outdated'",
  silent: `(last_seen IS NULL OR last_seen < ${now - SILENT_AFTER_MS})`,
});
type DeviceState = keyof ReturnType<typeof deviceStates>;

function deviceFacts(db: Db, now: number): ComplianceFacts['devices'] {
  // The conditions embed only integers computed here, never input.
  const states = deviceStates(Math.trunc(now));
  const names = Object.keys(states) as DeviceState[];
  const counts = db.prepare(`SELECT COUNT(*) AS total, ${names.map((n) => `COALESCE(SUM(${states[n]}), 0) AS ${n}`).join(', ')} FROM devices`).get() as Record<DeviceState | 'total', number>;
  const sample = (n: DeviceState): Sample => ({
    count: counts[n],
    ids: counts[n] === 0 ? [] : (db.prepare(`SELECT device_id FROM devices WHERE ${states[n]} ORDER BY device_id LIMIT ${SAMPLE_IDS}`).pluck().all() as string[]),
  });
  return { total: counts.total, ...(Object.fromEntries(names.map((n) => [n, sample(n)])) as Record<DeviceState, Sample>) };
}

function sampleOf(db: Db, countSql: string, idsSql: string, ...params: unknown[]): Sample {
  const count = db.prepare(countSql).pluck().get(...params) as number;
  return { count, ids: count === 0 ? [] : (db.prepare(`${idsSql} LIMIT ${SAMPLE_IDS}`).pluck().all(...params) as string[]) };
}

export function readComplianceFacts(db: Db, now: number, policiesPopulated: boolean): ComplianceFacts {
  const devices = deviceFacts(db, now);
  const workloads = db.prepare('SELECT COUNT(*) FROM workloads').pluck().get() as number;
  const silentWorkloads = sampleOf(db, 'SELECT COUNT(*) FROM workloads WHERE last_seen IS NULL OR last_seen < ?', 'SELECT workload_id FROM workloads WHERE last_seen IS NULL OR last_seen < ? ORDER BY workload_id', now - SILENT_AFTER_MS);
  const enabledUsers = db.prepare('SELECT COUNT(*) FROM users WHERE enabled = 1').pluck().get() as number;
  const withoutMfa = sampleOf(db, 'SELECT COUNT(*) FROM users WHERE enabled = 1 AND mfa_enrolled = 0', 'SELECT user_id FROM users WHERE enabled = 1 AND mfa_enrolled = 0 ORDER BY user_id');
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
