// Reads, in one pass per table, the live fleet state every compliance check looks at. Kept apart from
// the checks so each check stays a pure function of these facts (and is tested as one). Inventory,
// anomalies, incidents, posture, baselines, intel feeds, stored telemetry and policy violations each
// come through the store of the domain that owns the table.
import type { AnomalyStore, OpenAnomalySummary } from '../anomalies/anomaly-store';
import type { BaselineFacts } from '../baseline/baseline-facts';
import type { SqlRunner } from '../db/sql';
import type { ActiveIncidentFact, IncidentStore } from '../incidents/incident-store';
import type { TelemetryStore } from '../ingest/telemetry-store';
import type { IntelStore } from '../intel/intel-store';
import type { Sample } from '../inventory/fleet-states';
import type { Inventory } from '../inventory/inventory';
import type { PolicyStore } from '../policy/policy-store';
import type { PostureStore } from '../posture/posture-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CERT_WARN_MS = 30 * DAY;
const SILENT_AFTER_MS = DAY;
/** Unattributed events are counted up to this many: enough to say "at least". */
const UNATTRIBUTED_CAP = 10_000;

export type OpenAnomaly = OpenAnomalySummary;
type ActiveIncident = ActiveIncidentFact;

/** Where the facts come from: each table through its owning store. (`sql` only for the cache key: data_version, total_changes.) */
export interface ComplianceSources {
  sql: SqlRunner;
  baselines: Pick<BaselineFacts, 'deviceSummary'>;
  telemetry: Pick<TelemetryStore, 'countUnattributedSince' | 'maliciousContactsSince'>;
  intel: Pick<IntelStore, 'feedFreshness'>;
  policies: Pick<PolicyStore, 'violationSummarySince'>;
  inventory: Pick<Inventory, 'deviceStates' | 'workloadStates' | 'userStates' | 'ids'>;
  anomalies: Pick<AnomalyStore, 'openSummaries' | 'lastSettledContacts'>;
  incidents: Pick<IncidentStore, 'activeFacts'>;
  posture: Pick<PostureStore, 'countAssessed' | 'assessedAts'>;
}

;
const SAMPLE_IDS = 20;
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

export function readComplianceFacts(src: ComplianceSources, now: number, policiesPopulated: boolean): ComplianceFacts {
  const { inventory } = src;
  const devices = inventory.deviceStates(Math.trunc(now), WINDOWS);
  const { total: workloads, silent: silentWorkloads } = inventory.workloadStates(now, WINDOWS);
  const users = inventory.userStates(WINDOWS);
  const fresh = src.posture.countAssessed(now - DAY);
  const feeds = src.intel.feedFreshness();
  // A malicious contact counts until an indicator-contact anomaly of that entity is settled after it.
  const settled = src.anomalies.lastSettledContacts();
  const contacts = src.telemetry.maliciousContactsSince(now - 7 * DAY);

  return {
    now,
    devices,
    workloads: { total: workloads, silent: silentWorkloads },
    users,
    anomalies: src.anomalies.openSummaries(),
    incidents: src.incidents.activeFacts(),
    maliciousContacts: contacts.filter((c) => !((settled.get(c.entity_id) ?? -Infinity) >= c.ts)),
    unattributedEvents24h: src.telemetry.countUnattributedSince(now - DAY, UNATTRIBUTED_CAP),
    feeds: { count: feeds.count, newestImport: feeds.newest },
    violations24h: src.policies.violationSummarySince(now - DAY),
    baselines: src.baselines.deviceSummary(SAMPLE_IDS),
    posture: { entities: devices.total + workloads, assessed24h: fresh, unassessed: fresh >= devices.total + workloads ? [] : unassessed(src, now - DAY) },
    policies: { populated: policiesPopulated },
  };
}
