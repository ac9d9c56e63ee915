// Incident titles that say what happened and to whom: "Lateral movement from dev_workstation_sarah_k to
// 14 hosts", "C2 beaconing to 203.0.113.57 from 3 devices", "C2 contact from dev_laptop_mia_p to evil.example".
import type { AnomalyType, EntityType } from '@shared/domain/enums';
import { SEVERITY_RANK, type Anomaly } from '../anomalies/types';
import { OUTAGE_PREFIX } from '../detect/unexpected-offline';
import { indicatorsOf } from './anomaly-facts';
import type { EntitySummary, IncidentSummary } from './types';

const LABEL: Record<AnomalyType, string> = {
  lateral_movement_attempt: 'Lateral movement', c2_beaconing: 'C2 beaconing', ioc_contact: 'Threat-intel match', new_external_destination: 'New external destination',
  possible_exfiltration: 'Possible exfiltration', unexpected_offline: 'Unexpected offline', auth_bruteforce: 'Brute-force sign-ins', impossible_travel: 'Impossible travel',
  new_device_login: 'New device sign-in', firmware_eol: 'End-of-life firmware', firmware_vulnerable: 'Vulnerable firmware',
  credential_access: 'Credential access', remote_execution: 'Remote execution', ids_alert: 'IDS alert',
  executable_download: 'Executable download', untrusted_certificate: 'Untrusted certificate', outbound_scan: 'Outbound scan',
  new_admin_logon_source: 'Admin logon from a new source',
};
const NOUNS: Record<EntityType, [string, string]> = { device: ['device', 'devices'], user: ['user', 'users'], workload: ['workload', 'workloads'] };
const C2_CATEGORY = /c2|command|botnet|ransom/i;
const EOL_SUFFIX = ' (end-of-life firmware)';
const MAX_TITLE = 200;

function noun(entities: readonly Pick<EntitySummary, 'entity_type'>[], n = entities.length): string {
  const types = new Set(entities.map((e) => e.entity_type));
  const [one, many] = types.size === 1 ? NOUNS[[...types][0]] : ['host', 'hosts'];
  return n === 1 ? one : many;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isC2 = (a: Anomaly) => Array.isArray(a.evidence.categories) && a.evidence.categories.some((c) => typeof c === 'string' && C2_CATEGORY.test(c));

function lateralTitle(lm: readonly Anomaly[], s: Pick<IncidentSummary, 'entities'>): string {
  const src = lm[0].entity_id;
  const own = lm.filter((m) => m.entity_id === src);
  const fanout = own.filter((m) => m.evidence.pattern === 'internal_fanout');
  const targets = s.entities.filter((e) => e.role === 'target' || (e.role === 'affected' && e.entity_id !== src)).length;
  let head: string;
  if (fanout.length || own.every((m) => m.evidence.pattern === undefined)) {
    const hosts = Math.max(targets, ...fanout.map((m) => num(m.evidence.hosts) ?? 0));
    head = `Lateral movement from ${src} to ${hosts} ${hosts === 1 ? 'host' : 'hosts'}`;
  } else {
    const scan = own.find((m) => m.evidence.pattern === 'horizontal_scan') ?? own[0];
    head = scan.evidence.pattern === 'horizontal_scan'
      ? `Port ${num(scan.evidence.port) ?? '?'} scan from ${src} across ${num(scan.evidence.hosts) ?? targets} hosts`
      : `Port scan from ${src} against ${str(scan.evidence.host) ?? scan.observed_destinations[0] ?? 'one host'}`;
  }
  const others = s.entities.filter((e) => e.role !== 'target' && e.entity_id !== src);
  return others.length ? `${head}, ${others.length} ${noun(others)} with anomalies` : head;
}

function sharedTitle(type: AnomalyType, indicator: string, entities: readonly Pick<EntitySummary, 'entity_type'>[], c2: boolean): string {
  const n = entities.length;
  const who = `${n} ${noun(entities)}`;
  switch (type) {
    case 'c2_beaconing': return `C2 beaconing to ${indicator} from ${who}`;
    case 'ioc_contact': return c2 ? `C2 contact with ${indicator} from ${who}` : `${who} contacted malicious ${indicator}`;
    case 'possible_exfiltration': return `Possible exfiltration to ${indicator} from ${who}`;
    case 'new_external_destination': return `${who} contacted new destination ${indicator}`;
    case 'firmware_vulnerable': return `${indicator} exposure on ${who}`;
    case 'firmware_eol': return `End-of-life firmware ${indicator.replace(EOL_SUFFIX, '')} on ${who}`;
    case 'auth_bruteforce': return `Brute-force sign-ins from ${indicator} against ${who}`;
    default: return `${LABEL[type]} involving ${indicator} on ${who}`;
  }
}

function singleTitle(a: Anomaly): string {
  const who = a.entity_id;
  const dest = a.observed_destinations[0];
  const ev = a.evidence;
  switch (a.type) {
    case 'ioc_contact': {
      const ind = str(ev.indicator) ?? dest ?? 'an indicator';
      if (ev.field === 'hash') return `Malicious file ${ind.length > 16 ? `${ind.slice(0, 16)}…` : ind} on ${who}`;
      if (isC2(a)) return `C2 contact from ${who} to ${ind}`;
      return `${who} contacted ${ev.reputation === 'suspicious' ? 'suspicious' : 'malicious'} ${ind}`;
    }
    case 'c2_beaconing': return dest ? `C2 beaconing from ${who} to ${dest}` : `C2 beaconing from ${who}`;
    case 'possible_exfiltration': return dest ? `Possible exfiltration from ${who} to ${dest}` : `Possible exfiltration from ${who}`;
    case 'new_external_destination': return dest ? `${who} contacted new external destination ${dest}` : `${who} contacted a new external destination`;
    case 'auth_bruteforce': return `Brute-force sign-in attempts on ${who}`;
    case 'impossible_travel': return `Impossible travel for ${who}`;
    case 'new_device_login': return `${who} signed in from a new device`;
    case 'unexpected_offline': {
      if (!who.startsWith(OUTAGE_PREFIX)) return `${who} unexpectedly offline`;
      const scope = who.slice(OUTAGE_PREFIX.length);
      return `Collector outage: no telemetry from ${scope.startsWith('site:') ? `site ${scope.slice('site:'.length)}` : 'the whole fleet'}`;
    }
    case 'firmware_eol': return `End-of-life firmware on ${who}`;
    case 'firmware_vulnerable': return `${str(ev.cve) ?? 'Known-exploited vulnerability'} exposure on ${who}`;
    default: return `${LABEL[a.type]} on ${who}`;
  }
}

/** The indicator shared by the most entities (at least two), with the anomalies that carry it. */
function mostShared(members: readonly Anomaly[], indicators: readonly string[], entities: readonly EntitySummary[]): { indicator: string; carriers: Anomaly[]; entities: EntitySummary[] } | null {
  let best: { indicator: string; carriers: Anomaly[]; entities: EntitySummary[] } | null = null;
  for (const ind of indicators) {
    const carriers = members.filter((m) => indicatorsOf(m).includes(ind));
    const keys = new Set(carriers.map((m) => `${m.entity_type}:${m.entity_id}`));
    if (keys.size < 2 || (best && keys.size <= best.entities.length)) continue;
    best = { indicator: ind, carriers, entities: entities.filter((e) => keys.has(`${e.entity_type}:${e.entity_id}`)) };
  }
  return best;
}

/** A specific title for an incident's members (sorted by detection time). */
export function incidentTitle(members: readonly Anomaly[], s: Pick<IncidentSummary, 'entities' | 'indicators'>): string {
  if (members.length === 0) return 'Incident without anomalies';
  const lm = members.filter((m) => m.type === 'lateral_movement_attempt');
  let title: string;
  const shared = lm.length ? null : mostShared(members, s.indicators, s.entities);
  if (lm.length) title = lateralTitle(lm, s);
  else if (shared) {
    const counts = new Map<AnomalyType, number>();
    for (const m of shared.carriers) counts.set(m.type, (counts.get(m.type) ?? 0) + SEVERITY_RANK[m.severity]);
    const type = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    title = sharedTitle(type, shared.indicator, shared.entities, shared.carriers.some(isC2));
  } else {
    const lead = [...members].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Date.parse(a.detected_at) - Date.parse(b.detected_at))[0];
    title = singleTitle(lead);
    const others = s.entities.filter((e) => e.role !== 'target' && !(e.entity_type === lead.entity_type && e.entity_id === lead.entity_id));
    if (others.length) title += ` and ${others.length} more ${noun(others)}`;
    else if (members.length > 1) title += ` (+${members.length - 1} related ${members.length === 2 ? 'anomaly' : 'anomalies'})`;
  }
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}
