// Detector and baseline thresholds: defaults in code, overrides stored in settings['detect.config'],
// validated on load and on save. docs/detectors.md gives the reasoning behind every default.
import { z } from 'zod';
import type { Actor } from '@shared/domain/actor';
import type { AuditLog } from '../audit/audit-log';
import { sql, type SqlRunner } from '../db/sql';
import { invalid } from '../errors';

export const DETECT_CONFIG_KEY = 'detect.config';

const pos = z.number().positive();
const count = z.number().int().min(1);
const frac = z.number().min(0).max(1);

export const detectConfigSchema = z.object({
  baseline: z.object({
    /** Days of DATA time an entity must be observed before its baseline counts as established. */
    learning_days: pos.default(7),
    /** Hours with at least one event needed too, so a device seen twice a week apart is not "established". */
    min_active_hours: count.default(24),
    /** Destinations remembered per entity; beyond it the least-used are not added (the entity is noisy). */
    max_destinations: count.default(2000),
    /** Hours of recent history the deviation score looks at. */
    deviation_hours: count.max(24).default(3),
  }).prefault({}),
  /** Events no inventory entity explains are attributed to their internal address (e.g. raw Zeek logs). */
  attribute_unknown_hosts: z.boolean().default(true),
  lateral: z.object({
    window_s: pos.default(600),
    min_hosts: count.default(10),
    critical_hosts: count.default(12),
    scan_window_s: pos.default(300),
    horizontal_min_hosts: count.default(8),
    vertical_min_ports: count.default(15),
  }).prefault({}),
  c2: z.object({
    min_attempts: count.default(8),
    max_cv: pos.default(0.35),
    min_span_s: pos.default(60),
    min_period_s: pos.default(1),
    max_period_s: pos.default(86_400),
    /** Zeek logs each SYN retransmission of one attempt as its own record: same source port within this many seconds = one attempt. */
    retry_merge_s: pos.default(10),
    /** A destination contacted by more entities than this is a shared service, not a C2 candidate. */
    rare_max_entities: count.default(3),
    session_min: count.default(3),
    session_min_duration_s: pos.default(120),
    /** Sessions of C2 that holds connections open last long on average; ordinary internal services answer and close. */
    session_min_avg_s: pos.default(20),
    session_min_bytes: pos.default(1_000_000),
  }).prefault({}),
  ioc: z.object({ include_suspicious: z.boolean().default(true) }).prefault({}),
  new_destination: z.object({
    max_per_day: count.default(5),
    /** A destination (by address or DNS name) this many other entities already use is known to the organisation, not new. */
    org_known_min_entities: count.default(1),
  }).prefault({}),
  exfil: z.object({
    min_bytes: pos.default(50_000_000),
    multiple_of_max: pos.default(3),
    z: pos.default(6),
  }).prefault({}),
  offline: z.object({
    multiple: pos.default(5),
    max_gap_multiple: pos.default(1.5),
    min_silence_s: pos.default(900),
    min_observations: count.default(20),
    check_every_s: pos.default(300),
    /** tick(now) uses the clock only when it is within this much of the data watermark (live feed). */
    live_window_s: pos.default(3600),
    /**
     * A site (or the whole fleet) of at least this many reporting devices with no telemetry at all for
     * min_silence_s is a collector outage: one anomaly for the scope, not one per silent device.
     */
    outage_min_entities: count.default(5),
  }).prefault({}),
  bruteforce: z.object({
    window_s: pos.default(600),
    min_failures: count.default(10),
    spray_min_users: count.default(8),
  }).prefault({}),
  travel: z.object({
    max_speed_kmh: pos.default(1000),
    min_distance_km: pos.default(500),
  }).prefault({}),
  new_device: z.object({ learning_days: pos.default(7) }).prefault({}),
  deviation: z.object({ unknown_share_weight: frac.default(0.5) }).prefault({}),
});

export type DetectConfig = z.output<typeof detectConfigSchema>;
export type DetectConfigInput = z.input<typeof detectConfigSchema>;

export const DEFAULT_DETECT_CONFIG: DetectConfig = detectConfigSchema.parse({});

/** Validates overrides (a partial tree) into a full configuration; throws a UserError naming the field. */
export function parseDetectConfig(input: unknown): DetectConfig {
  const r = detectConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw invalid(`detect.config.${issue.path.join('.')}`, issue.message);
  }
  return r.data;
}

/** The stored configuration, or the defaults; a stored value that no longer validates falls back loudly. */
export function loadDetectConfig(db: SqlRunner, warn?: (msg: string) => void): DetectConfig {
  const row = db.value<string>(sql`SELECT value FROM settings WHERE key = ${DETECT_CONFIG_KEY}`);
  if (!row) return DEFAULT_DETECT_CONFIG;
  try {
    return parseDetectConfig(JSON.parse(row));
  } catch (err) {
    warn?.(`stored ${DETECT_CONFIG_KEY} is invalid (${(err as Error).message}); using defaults`);
    return DEFAULT_DETECT_CONFIG;
  }
}

/** Stores overrides (validated first), audited in the same transaction. Returns the effective config. */
export function saveDetectConfig(db: SqlRunner, audit: AuditLog, actor: Actor, overrides: DetectConfigInput): DetectConfig {
  const cfg = parseDetectConfig(overrides);
  return audit.record(actor, 'detect.config.set', overrides, () => {
    db.run(sql`INSERT INTO settings (key, value) VALUES (${DETECT_CONFIG_KEY}, ${JSON.stringify(overrides)}) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
    return cfg;
  });
}
