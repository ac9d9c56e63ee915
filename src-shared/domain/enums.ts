// The public vocabulary of Threatmatic: enum values exactly as the spec writes them.
// Each list is the single source for its zod enum, its TS type and its UI labels.

export const ENTITY_TYPES = ['device', 'user', 'workload'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const DEVICE_TYPES = [
  'ip_camera', 'hvac_sensor', 'environmental_sensor', 'badge_reader', 'printer',
  'workstation', 'laptop', 'server', 'network_switch', 'access_point', 'phone', 'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const FIRMWARE_STATUSES = ['current', 'outdated', 'eol'] as const;
export type FirmwareStatus = (typeof FIRMWARE_STATUSES)[number];

export const TRUST_LEVELS = ['verified', 'unverified', 'untrusted'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const WORKLOAD_KINDS = ['server', 'container', 'vm', 'cloud_function'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const REPUTATIONS = ['malicious', 'suspicious', 'unknown', 'benign'] as const;
export type Reputation = (typeof REPUTATIONS)[number];

/** How an indicator is matched; `type` in get_threat_context is the coarse family (ip, domain, hash, url). */
const INDICATOR_KINDS = ['ipv4', 'ipv6', 'cidr4', 'cidr6', 'domain', 'domain_suffix', 'sha256', 'sha1', 'md5', 'url', 'hostname'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const INDICATOR_TYPES = ['ip', 'cidr', 'domain', 'hash', 'url'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EVENT_KINDS = ['flow', 'dns', 'auth', 'heartbeat', 'process', 'file', 'firmware', 'alert', 'http', 'tls',
  'process_access', 'service_install', 'share_access', 'script', 'registry', 'image_load'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const TELEMETRY_FORMATS = ['canonical', 'zeek_tsv', 'zeek_json', 'ocsf', 'suricata_eve', 'squid', 'proxy_csv', 'windows_events'] as const;
export type TelemetryFormat = (typeof TELEMETRY_FORMATS)[number];

/** `api`: a script or agent calling the /api/v1 REST door with an API key (id = the key id). */
export const ACTOR_TYPES = ['analyst', 'mcp_agent', 'api', 'cli', 'scheduler', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/**
 * The Permission Scopes table of the policy-actions spec, verbatim, then ours: `assets:write` lets an
 * agent's SDK key register itself and report its activity, and nothing else, so a key baked into an
 * agent can never read the fleet or change policy.
 */
export const SCOPES = ['read', 'policy:read', 'policy:write', 'device:isolate', 'user:suspend', 'destination:block', 'incident:manage', 'admin', 'assets:write'] as const;
export type Scope = (typeof SCOPES)[number];

export const ANOMALY_TYPES = [
  'lateral_movement_attempt', 'c2_beaconing', 'ioc_contact', 'new_external_destination', 'possible_exfiltration',
  'unexpected_offline', 'auth_bruteforce', 'impossible_travel', 'new_device_login', 'firmware_eol', 'firmware_vulnerable',
  'credential_access', 'remote_execution', 'ids_alert', 'executable_download', 'untrusted_certificate', 'outbound_scan',
  'new_admin_logon_source',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export const RECOMMENDED_ACTIONS = ['isolate', 'block_destination', 'suspend_user', 'investigate', 'update_firmware', 'monitor'] as const;
export type RecommendedAction = (typeof RECOMMENDED_ACTIONS)[number];

export const ANOMALY_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const TRENDS = ['improving', 'stable', 'degrading'] as const;
export type Trend = (typeof TRENDS)[number];

export const COMPLIANCE_FRAMEWORKS = ['iso_27001', 'nis2', 'nist_csf'] as const;
export type ComplianceFramework = (typeof COMPLIANCE_FRAMEWORKS)[number];
export const COMPLIANCE_STATES = ['compliant', 'partial', 'non_compliant'] as const;
export type ComplianceState = (typeof COMPLIANCE_STATES)[number];

/**
 * `asset`: an AI agent or MCP server registered, changed or retired; `ai_anomaly`: a finding about one (or
 * about an AI service in use). The subject's id is in entity_id, entity_type left null: these are not fleet entities.
 */
export const EVENT_TYPES = ['anomaly', 'incident', 'posture_change', 'policy', 'ingest', 'audit', 'asset', 'ai_anomaly', 'new_critical_cve', 'ai_enforcement', 'shadow_ai'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
