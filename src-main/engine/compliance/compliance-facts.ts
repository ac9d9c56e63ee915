// Reads, in one pass per table, the live fleet state every compliance check looks at. Kept apart from
// the checks so each check stays a pure function of these facts (and is tested as one). Inventory,
// anomalies, incidents and posture come through their stores; baselines, intel, violations and the
// event log are read here (their domains' stores have no such count yet).
import type { AnomalyStore, OpenAnomalySummary } from '../anomalies/anomaly-store';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
import type { ActiveIncidentFact, IncidentStore } from '../incidents/incident-store';
import type { Sample } from '../inventory/fleet-states';
import type { Inventory } from '../inventory/inventory';
import type { PostureStore } from '../posture/posture-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const CERT_WARN_MS = 30 * DAY;
export const SILENT_AFTER_MS = DAY;
/** Unattributed events are counted up to this many: enough to say "at least". */
export const UNATTRIBUTED_CAP = 10_000;

export type OpenAnomaly = OpenAnomalySummary;
export type ActiveIncident = ActiveIncidentFact;

/** Where the facts come from: each table through its owning store where it has one. */
export interface ComplianceSources {
  sql: SqlRunner;
  inventory: Pick<Inventory, 'deviceStates' | 'workloadStates' | 'userStates' | 'ids'>;
  anomalies: Pick<AnomalyStore, 'openSummaries' | 'lastSettledContacts'>;
  incidents: Pick<IncidentStore, 'activeFacts'>;
  posture: Pick<PostureStore, 'countAssessed' | 'assessedAts'>;
}

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

/** Devices and workloads without a posture row assessed since `since`, sorted by id, up to SAMPLE_IDS. */
function unassessed(src: ComplianceSources, since: number): string[] {
  const out: string[] = [];
  for (const type of ['device', 'workload'] as const) {
    const assessed = src.posture.assessedAts(type);
    for (const id of src.inventory.ids(type)) if (!((assessed.get(id) ?? -Infinity) >= since)) out.push(id);
  }
  return out.sort().slice(0, SAMPLE_IDS);
}

function sampleOf(runner: SqlRunner, where: SqlFragment, name: string): Sample {
  const count = runner.value<number>(sql`SELECT COUNT(*) FROM baselines ${where}`, name) ?? 0;
  return { count, ids: count === 0 ? [] : runner.column<string>(sql`SELECT entity_id FROM baselines ${where} ORDER BY entity_id LIMIT ${SAMPLE_IDS}`, `${name}_ids`) };
}

export function readComplianceFacts(src: ComplianceSources, now: number, policiesPopulated: boolean): ComplianceFacts {
  const { sql: runner, inventory } = src;
  const devices = inventory.deviceStates(Math.trunc(now), WINDOWS);
  const { total: workloads, silent: silentWorkloads } = inventory.workloadStates(now, WINDOWS);
  const users = inventory.userStates(WINDOWS);
  const baselines = runner.get<{ n: number; established: number }>(sql`SELECT COUNT(*) AS n, COALESCE(SUM(established), 0) AS established FROM baselines WHERE entity_type = 'device'`, 'compliance.baselines')!;
  const notEstablished = sampleOf(runner, sql`WHERE entity_type = 'device' AND established = 0`, 'compliance.baselines_not_established');
  const fresh = src.posture.countAssessed(now - DAY);
  const feeds = runner.get<{ count: number; newest: number | null }>(sql`SELECT COUNT(*) AS count, MAX(imported_at) AS newest FROM intel_feeds`, 'compliance.feeds')!;
  const violations = runner.get<{ n: number; ids: string | null }>(sql`SELECT COUNT(*) AS n, group_concat(DISTINCT entity_id) AS ids FROM policy_violations WHERE ts >= ${now - DAY}`, 'compliance.violations')!;
  // A malicious contact counts until an indicator-contact anomaly of that entity is settled after it.
  const settled = src.anomalies.lastSettledContacts();
  const contacts = runner.all<{ entity_id: string; value: string; ts: number }>(sql`SELECT entity_id, value, MAX(ts) AS ts FROM intel_hits
    WHERE reputation = 'malicious' AND ts >= ${now - 7 * DAY} AND entity_id IS NOT NULL GROUP BY entity_id, value ORDER BY entity_id, value`, 'compliance.malicious_contacts');

  return {
    now,
    devices,
    workloads: { total: workloads, silent: silentWorkloads },
    users,
    anomalies: src.anomalies.openSummaries(),
    incidents: src.incidents.activeFacts(),
    maliciousContacts: contacts.filter((c) => !((settled.get(c.entity_id) ?? -Infinity) >= c.ts)),
    unattributedEvents24h: runner.value<number>(sql`SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE entity_id IS NULL AND ts >= ${now - DAY} LIMIT ${UNATTRIBUTED_CAP})`, 'compliance.unattributed') ?? 0,
    feeds: { count: feeds.count, newestImport: feeds.newest },
    violations24h: { count: violations.n, entities: violations.ids ? violations.ids.split(',').sort() : [] },
    baselines: { withTelemetry: baselines.n, established: baselines.established, notEstablished },
    posture: { entities: devices.total + workloads, assessed24h: fresh, unassessed: fresh >= devices.total + workloads ? [] : unassessed(src, now - DAY) },
    policies: { populated: policiesPopulated },
  };
}
