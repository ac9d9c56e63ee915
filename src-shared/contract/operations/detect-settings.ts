// Detector and baseline thresholds: the schema with every default (docs/detectors.md gives the reasoning
// behind each), the overrides a caller may set, and the get/set operations (`threatmatic detect`).
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

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
    /**
     * Beacon scoring without a baseline (RITA-style, docs/detectors.md): a channel to a rare destination
     * on any port, named or not, with at least this many check-ins over this span, scoring at least
     * score_min, that is not most of the entity's own traffic (a device's one heartbeat is its job).
     */
    score_min: pos.default(0.85),
    /** ...with check-ins of regular size: a C2 poll without tasking is the same request each time; status heartbeats vary. */
    score_min_size: pos.default(0.8),
    /** ...to a destination (address and DNS name) at most this many entities use: a vendor's cloud is polled by every device of its kind. */
    score_max_entities: count.default(1),
    score_min_attempts: count.default(20),
    score_min_span_s: pos.default(900),
    score_max_share: pos.default(0.5),
    /** Long-lived sessions to a rare destination on any port, named or not: few, and each this long on average. */
    long_session_min_avg_s: pos.default(600),
  }).prefault({}),
  ioc: z.object({
    include_suspicious: z.boolean().default(true),
    /** Importing indicators hunts the stored telemetry of this many days back from the newest event (0: no look back). */
    retro_hunt_days: z.number().min(0).default(30),
  }).prefault({}),
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

/** The same tree with nothing filled in and no unknown key allowed (a misspelt threshold is refused, not ignored). */
const detectOverridesSchema = overridesOf(detectConfigSchema) as unknown as z.ZodType<z.input<typeof detectConfigSchema>>;

function overridesOf(tree: z.ZodObject): z.ZodObject {
  return z.strictObject(Object.fromEntries(Object.entries(tree.shape).map(([key, node]) => {
    const bare = node instanceof z.ZodPrefault ? overridesOf(node.unwrap() as z.ZodObject) : node instanceof z.ZodDefault ? (node.unwrap() as z.ZodType) : (node as z.ZodType);
    return [key, bare.optional()];
  })));
}

const settingsOutput = z.object({
  settings: detectConfigSchema.describe('The thresholds in force'),
  overrides: detectOverridesSchema.describe('Those that differ from the defaults'),
  defaults: detectConfigSchema,
});

export const detectSettings = defineOperation({
  name: 'detect.settings',
  title: 'Detector settings',
  description: 'The detector and baseline thresholds in force (lateral movement, C2 beaconing, exfiltration, brute force, silence, travel, baselines), which of them differ from the defaults, and the defaults.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: settingsOutput,
  rest: { method: 'GET', path: '/api/v1/detect/settings' },
});

export const detectSetSettings = defineOperation({
  name: 'detect.setSettings',
  title: 'Set detector settings',
  description:
    'Change detector and baseline thresholds: the given ones are merged into the current overrides (with reset, into the defaults), validated, stored and audited. ' +
    'They apply to this process at once and to other running processes (the console, an MCP server) when they next start.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    settings: detectOverridesSchema.default({}).describe('Thresholds to set, as a tree: {"lateral": {"min_hosts": 12}}'),
    reset: z.boolean().default(false).describe('Start from the defaults instead of the current overrides'),
  }),
  output: settingsOutput,
  rest: { method: 'PATCH', path: '/api/v1/detect/settings' },
});
