// The live checks compliance controls are evaluated with. Each is a pure function of the facts and
// returns a status with its evidence (numbers and the ids at fault). Several frameworks' controls share
// a check: "EOL firmware" is one finding whether ISO, NIS2 or NIST asks about it.
import type { CheckResult, ControlStatus } from '@shared/contract/operations/compliance-state';
import type { Severity } from '@shared/domain/enums';
import { plural } from '../posture/factor';
import type { ComplianceFacts, OpenAnomaly } from './compliance-facts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_ENTITIES = 20;

/** How long an anomaly may stay untriaged (status open, not acknowledged) by severity. */
const TRIAGE_SLA_MS: Record<Severity, number> = { critical: 4 * HOUR, high: DAY, medium: 3 * DAY, low: 7 * DAY };
/** How long an incident may stay open (not contained) by severity. */
const CONTAINMENT_SLA_MS: Record<Severity, number> = { critical: DAY, high: 3 * DAY, medium: 7 * DAY, low: 30 * DAY };
/** A critical anomaly should be part of an incident within this long; a high one within a day. */
const ESCALATION_MS: Partial<Record<Severity, number>> = { critical: 4 * HOUR, high: DAY };
const RECOVERY_SLA_MS = 14 * DAY;
const FEED_STALE_MS = 7 * DAY;
const SILENT_FAIL_RATIO = 0.25;
const BASELINE_PASS_RATIO = 0.9;
/** A recommended action (other than monitor) left untaken this long is unenforced. */
const UNENFORCED_MS = 4 * HOUR;

const AUTH_TYPES = new Set(['auth_bruteforce', 'impossible_travel', 'new_device_login']);
const MALWARE_TYPES = new Set(['c2_beaconing', 'ioc_contact']);
const NETWORK_TYPES = new Set(['lateral_movement_attempt', 'possible_exfiltration', 'new_external_destination', 'c2_beaconing']);
const SEVERE = new Set<Severity>(['critical', 'high']);

const ids = (list: readonly string[]) => [...new Set(list)].slice(0, MAX_ENTITIES);
const result = (check: string, status: ControlStatus, summary: string, metrics: Record<string, number>, entities: readonly string[] = []): CheckResult =>
  ({ check, status, summary, metrics, entities: ids(entities) });
const slaOf = (table: Partial<Record<string, number>>, severity: string) => table[severity] ?? table.low ?? Infinity;

type Check = (f: ComplianceFacts) => CheckResult;

export const CHECKS: Record<string, Check> = {
  asset_inventory(f) {
    const name = 'asset_inventory';
    const metrics = { devices: f.devices.total, workloads: f.workloads.total, not_enrolled: f.devices.notEnrolled.count, unattributed_events_24h: f.unattributedEvents24h };
    if (f.devices.total + f.workloads.total === 0) return result(name, 'fail', 'the inventory holds no device or workload', metrics);
    if (metrics.not_enrolled > 0 || metrics.unattributed_events_24h > 0) {
      return result(name, 'partial', `${metrics.not_enrolled} of ${plural(f.devices.total, 'device')} not enrolled; ${metrics.unattributed_events_24h >= 10_000 ? 'at least ' : ''}${plural(metrics.unattributed_events_24h, 'event')} in 24 h from addresses outside the inventory`, metrics, f.devices.notEnrolled.ids);
    }
    return result(name, 'pass', `${plural(f.devices.total, 'device')} and ${plural(f.workloads.total, 'workload')} inventoried and enrolled; all telemetry attributed`, metrics);
  },

  device_identity(f) {
    const name = 'device_identity';
    const d = f.devices;
    const metrics = { devices: d.total, unverified: d.unverified.count, untrusted: d.untrusted.count, certificate_expired: d.certExpired.count, certificate_expiring_30d: d.certExpiring.count };
    if (d.total === 0) return result(name, 'not_applicable', 'no devices in the inventory', metrics);
    const bad = [...d.untrusted.ids, ...d.certExpired.ids, ...d.unverified.ids];
    if (bad.length) return result(name, 'fail', `untrusted device identities: ${metrics.untrusted}, unverified: ${metrics.unverified}, expired certificates: ${metrics.certificate_expired}`, metrics, bad);
    if (d.certExpiring.count) return result(name, 'partial', `every device identity verified; ${plural(d.certExpiring.count, 'certificate')} expiring within 30 days`, metrics, d.certExpiring.ids);
    return result(name, 'pass', `all ${plural(d.total, 'device identity', 'device identities')} cryptographically verified with valid certificates`, metrics);
  },

  user_mfa(f) {
    const name = 'user_mfa';
    const metrics = { enabled_users: f.users.enabled, without_mfa: f.users.withoutMfa.count };
    if (f.users.enabled === 0) return result(name, 'not_applicable', 'no enabled user identities', metrics);
    if (metrics.without_mfa > 0) return result(name, 'fail', `${metrics.without_mfa} of ${plural(f.users.enabled, 'enabled user')} without MFA`, metrics, f.users.withoutMfa.ids);
    return result(name, 'pass', `all ${plural(f.users.enabled, 'enabled user')} with MFA enrolled`, metrics);
  },

  access_anomalies(f) {
    return anomalyCheck('access_anomalies', f.anomalies.filter((a) => AUTH_TYPES.has(a.type)), 'authentication anomalies (brute force, impossible travel, new device login)');
  },

  malware_protection(f) {
    const name = 'malware_protection';
    const open = f.anomalies.filter((a) => MALWARE_TYPES.has(a.type));
    const contacts = f.maliciousContacts;
    const metrics = { open_c2_or_ioc_anomalies: open.length, unresolved_malicious_contacts_7d: contacts.length };
    if (open.length || contacts.length) {
      return result(name, 'fail', `open C2/IoC anomalies: ${open.length}; malicious indicator contacts in 7 days not resolved: ${contacts.length}`, metrics, [...open.map((a) => a.entity_id), ...contacts.map((c) => c.entity_id)]);
    }
    return result(name, 'pass', 'no open C2 or IoC anomaly and no unresolved malicious indicator contact in 7 days', metrics);
  },

  vulnerability_management(f) {
    const name = 'vulnerability_management';
    const vulnerable = f.anomalies.filter((a) => a.type === 'firmware_vulnerable');
    const metrics = { devices: f.devices.total, firmware_eol: f.devices.eol.count, firmware_outdated: f.devices.outdated.count, firmware_vulnerable_open: vulnerable.length };
    if (f.devices.total === 0) return result(name, 'not_applicable', 'no devices in the inventory', metrics);
    if (f.devices.eol.count || vulnerable.length) {
      return result(name, 'fail', `devices on end-of-life firmware: ${f.devices.eol.count}; open firmware_vulnerable anomalies: ${vulnerable.length}`, metrics, [...f.devices.eol.ids, ...vulnerable.map((a) => a.entity_id)]);
    }
    if (f.devices.outdated.count) return result(name, 'partial', `${plural(f.devices.outdated.count, 'device')} on outdated firmware`, metrics, f.devices.outdated.ids);
    return result(name, 'pass', `all ${plural(f.devices.total, 'device')} on current firmware with no known-vulnerable component`, metrics);
  },

  monitoring_coverage(f) {
    const name = 'monitoring_coverage';
    const total = f.devices.total + f.workloads.total;
    const silent = f.devices.silent.count + f.workloads.silent.count;
    const silentIds = [...f.devices.silent.ids, ...f.workloads.silent.ids];
    const metrics = { entities: total, silent_24h: silent };
    if (total === 0) return result(name, 'not_applicable', 'nothing in the inventory to monitor', metrics);
    if (silent / total > SILENT_FAIL_RATIO) return result(name, 'fail', `${silent} of ${plural(total, 'device or workload', 'devices and workloads')} without telemetry in 24 h`, metrics, silentIds);
    if (silent) return result(name, 'partial', `${silent} of ${plural(total, 'device or workload', 'devices and workloads')} without telemetry in 24 h`, metrics, silentIds);
    return result(name, 'pass', `all ${plural(total, 'device or workload', 'devices and workloads')} reported telemetry in the last 24 h`, metrics);
  },

  baseline_coverage(f) {
    const name = 'baseline_coverage';
    const b = f.baselines;
    const metrics = { devices_with_telemetry: b.withTelemetry, baselines_established: b.established };
    if (b.withTelemetry === 0) return result(name, 'not_applicable', 'no device telemetry observed yet', metrics);
    const ratio = b.established / b.withTelemetry;
    if (ratio >= BASELINE_PASS_RATIO) return result(name, 'pass', `${b.established} of ${plural(b.withTelemetry, 'device')} with an established behavioral baseline`, metrics, b.notEstablished.ids);
    return result(name, 'partial', `only ${b.established} of ${plural(b.withTelemetry, 'device')} with an established behavioral baseline`, metrics, b.notEstablished.ids);
  },

  event_triage(f) {
    const name = 'event_triage';
    const overdue = f.anomalies.filter((a) => a.status === 'open' && f.now - a.detected_at > slaOf(TRIAGE_SLA_MS, a.severity));
    const severe = overdue.filter((a) => SEVERE.has(a.severity));
    const metrics = { open_anomalies: f.anomalies.length, untriaged_past_sla: overdue.length, severe_untriaged_past_sla: severe.length };
    if (severe.length) return result(name, 'fail', `critical/high anomalies untriaged past their SLA (critical 4 h, high 24 h): ${severe.length}`, metrics, severe.map((a) => a.id));
    if (overdue.length) return result(name, 'partial', `medium/low anomalies untriaged past their SLA (medium 3 d, low 7 d): ${overdue.length}`, metrics, overdue.map((a) => a.id));
    return result(name, 'pass', `every open anomaly triaged within its SLA (${f.anomalies.length} open)`, metrics);
  },

  incident_escalation(f) {
    const name = 'incident_escalation';
    const late = f.anomalies.filter((a) => a.incident_id == null && f.now - a.detected_at > slaOf(ESCALATION_MS, a.severity));
    const critical = late.filter((a) => a.severity === 'critical');
    const metrics = { critical_unescalated: critical.length, high_unescalated: late.length - critical.length };
    if (critical.length) return result(name, 'fail', `critical anomalies open over 4 h without an incident: ${critical.length}`, metrics, critical.map((a) => a.id));
    if (late.length) return result(name, 'partial', `high anomalies open over 24 h without an incident: ${late.length}`, metrics, late.map((a) => a.id));
    return result(name, 'pass', 'every critical or high anomaly was escalated to an incident in time', metrics);
  },

  incident_response(f) {
    const name = 'incident_response';
    const open = f.incidents.filter((i) => i.status === 'open');
    const late = open.filter((i) => f.now - i.opened_at > slaOf(CONTAINMENT_SLA_MS, i.severity));
    const metrics = { active_incidents: f.incidents.length, open_incidents: open.length, open_past_sla: late.length };
    if (late.length) return result(name, 'fail', `incidents still open past their containment SLA (critical 24 h, high 3 d, medium 7 d, low 30 d): ${late.length}`, metrics, late.map((i) => i.id));
    return result(name, 'pass', `open incidents: ${open.length}, none past its containment SLA`, metrics, open.map((i) => i.id));
  },

  incident_recovery(f) {
    const name = 'incident_recovery';
    const contained = f.incidents.filter((i) => i.status === 'contained');
    const late = contained.filter((i) => f.now - i.updated_at > RECOVERY_SLA_MS);
    const metrics = { contained_incidents: contained.length, contained_over_14d: late.length };
    if (late.length) return result(name, 'partial', `incidents contained for over 14 days without being closed: ${late.length}`, metrics, late.map((i) => i.id));
    return result(name, 'pass', `contained incidents: ${contained.length}, none awaiting recovery for over 14 days`, metrics);
  },

  network_security(f) {
    const name = 'network_security';
    const open = f.anomalies.filter((a) => NETWORK_TYPES.has(a.type));
    const severe = open.filter((a) => SEVERE.has(a.severity));
    const metrics = { open_network_anomalies: open.length, severe_network_anomalies: severe.length, policy_violations_24h: f.violations24h.count };
    if (severe.length) return result(name, 'fail', `critical/high network anomalies open (lateral movement, exfiltration, C2, new external destinations): ${severe.length}`, metrics, severe.map((a) => a.entity_id));
    if (open.length || f.violations24h.count) return result(name, 'partial', `lower-severity network anomalies open: ${open.length}; policy violations in 24 h: ${f.violations24h.count}`, metrics, [...open.map((a) => a.entity_id), ...f.violations24h.entities]);
    return result(name, 'pass', 'no open network anomaly and no policy violation in 24 h', metrics);
  },

  network_segregation(f) {
    const name = 'network_segregation';
    const lateral = f.anomalies.filter((a) => a.type === 'lateral_movement_attempt');
    const metrics = { open_lateral_movement: lateral.length };
    if (lateral.length) return result(name, 'fail', `open lateral movement attempts: ${lateral.length} (segments do not contain internal spread)`, metrics, lateral.map((a) => a.entity_id));
    return result(name, 'pass', 'no open lateral movement attempt', metrics);
  },

  threat_intelligence(f) {
    const name = 'threat_intelligence';
    const age = f.feeds.newestImport == null ? null : f.now - f.feeds.newestImport;
    const metrics = { feeds: f.feeds.count, newest_import_age_hours: age == null ? -1 : Math.floor(age / HOUR) };
    if (f.feeds.count === 0) return result(name, 'fail', 'no threat intelligence feed imported', metrics);
    if (age != null && age > FEED_STALE_MS) return result(name, 'partial', `${plural(f.feeds.count, 'feed')}, the newest imported ${plural(Math.floor(age / DAY), 'day')} ago (stale after 7)`, metrics);
    return result(name, 'pass', `${plural(f.feeds.count, 'threat intelligence feed')}, refreshed within 7 days`, metrics);
  },

  risk_assessment(f) {
    const name = 'risk_assessment';
    const metrics = { entities: f.posture.entities, assessed_24h: f.posture.assessed24h };
    if (f.posture.entities === 0) return result(name, 'not_applicable', 'nothing in the inventory to assess', metrics);
    if (f.posture.assessed24h === 0) return result(name, 'fail', `none of ${plural(f.posture.entities, 'device or workload', 'devices and workloads')} has a posture assessment from the last 24 h`, metrics, f.posture.unassessed);
    if (f.posture.assessed24h < f.posture.entities) return result(name, 'partial', `${f.posture.entities - f.posture.assessed24h} of ${plural(f.posture.entities, 'device or workload', 'devices and workloads')} without a posture assessment from the last 24 h`, metrics, f.posture.unassessed);
    return result(name, 'pass', `all ${plural(f.posture.entities, 'device or workload', 'devices and workloads')} risk-assessed continuously (within 24 h)`, metrics);
  },

  policy_enforcement(f) {
    const name = 'policy_enforcement';
    const untaken = f.anomalies.filter((a) => a.status === 'open' && a.recommended_action !== 'monitor' && f.now - a.detected_at > UNENFORCED_MS);
    const severe = untaken.filter((a) => SEVERE.has(a.severity));
    const metrics = { unenforced_recommendations: untaken.length, severe_unenforced: severe.length, policy_violations_24h: f.violations24h.count, policies_defined: f.policies.populated ? 1 : 0 };
    if (severe.length) return result(name, 'fail', `critical/high recommended actions not taken after 4 h: ${severe.length}`, metrics, severe.map((a) => a.id));
    if (untaken.length || f.violations24h.count) return result(name, 'partial', `recommended actions not taken after 4 h: ${untaken.length}; policy violations in 24 h: ${f.violations24h.count}`, metrics, [...untaken.map((a) => a.id), ...f.violations24h.entities]);
    return result(name, 'pass', 'every recommended action taken in time; no policy violation in 24 h', metrics);
  },

  not_observable() {
    return result('not_observable', 'not_applicable', 'not observable from telemetry, inventory or incidents: assess this control manually', {});
  },
};

function anomalyCheck(name: string, list: OpenAnomaly[], what: string): CheckResult {
  const severe = list.filter((a) => SEVERE.has(a.severity));
  const metrics = { open: list.length, critical_or_high: severe.length };
  if (severe.length) return result(name, 'fail', `open critical/high ${what}: ${severe.length}`, metrics, severe.map((a) => a.entity_id));
  if (list.length) return result(name, 'partial', `open lower-severity ${what}: ${list.length}`, metrics, list.map((a) => a.entity_id));
  return result(name, 'pass', `no open ${what}`, metrics);
}
