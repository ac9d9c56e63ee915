// Shapes of the vulnerability-exposure operations: a patch (a CVE as it bears on the stack, with its
// priority breakdown, SLA, KEV/SSVC facts, affected stack entries and status), a stack entry, the filter
// the patch list and the question bar share.
import { z } from 'zod';

export const PATCH_STATUSES = ['fixed', 'deployed', 'investigating', 'wont_fix'] as const;
export type PatchStatus = (typeof PATCH_STATUSES)[number];
/** open: nothing set yet; investigating is still open; fixed, deployed and wont_fix close it. */
export const PATCH_STATUS_VALUES = ['open', ...PATCH_STATUSES] as const;
export const CLOSED_STATUSES: readonly string[] = ['fixed', 'deployed', 'wont_fix'];
export const VULN_SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export const PATCH_SORTS = ['priority', 'published', 'cvss', 'epss', 'due'] as const;
const PATCH_SCOPES = ['ai', 'stack', 'all'] as const;

const component = z.object({ points: z.number(), max: z.number(), input: z.string(), date: z.string().nullable().describe('The date of the input (YYYY-MM-DD)') });

export const stackEntrySchema = z.object({
  id: z.string(),
  technology: z.string(),
  version: z.string().nullable(),
  vendor: z.string().nullable(),
  asset_count: z.number().int().nullable(),
  package: z.string().describe('The package identity it was resolved to (normalized name)'),
  ecosystem: z.string().nullable(),
  purl: z.string().nullable(),
  source: z.string().describe('csv, cyclonedx, spdx, api, device or workload'),
  added_at: z.string(),
  open_cves: z.number().int().describe('Open CVEs matched to this entry'),
});
export type StackEntry = z.infer<typeof stackEntrySchema>;

const patchMatchSchema = z.object({
  stack_id: z.string(), technology: z.string(), version: z.string().nullable(),
  rule: z.string().describe('osv-range, osv-versions, cve-affected, cpe-fallback, description-fallback or name-only'),
  range: z.string().describe('The range (or CPE) that produced the match'),
  confidence: z.enum(['high', 'medium', 'low']),
  status: z.enum(PATCH_STATUS_VALUES), status_reason: z.string().nullable(),
});

export const patchSchema = z.object({
  cve_id: z.string(),
  aliases: z.array(z.string()),
  title: z.string().nullable(),
  description: z.string().nullable(),
  severity: z.enum(VULN_SEVERITIES),
  cvss: z.object({ score: z.number(), version: z.string(), vector: z.string(), source: z.string() }).nullable(),
  published: z.string().nullable(),
  priority: z.number(),
  breakdown: z.object({ cvss: component, stack: component, epss: component, age: component, as_of: z.string() }),
  epss: z.object({ score: z.number(), percentile: z.number(), date: z.string().nullable() }).nullable(),
  kev: z.object({ date_added: z.string(), due_date: z.string().nullable(), ransomware: z.boolean(), required_action: z.string().nullable() }).nullable(),
  ssvc: z.object({ exploitation: z.string().nullable(), automatable: z.string().nullable(), technical_impact: z.string().nullable(), decision: z.string().nullable(), date: z.string().nullable() }).nullable(),
  ai_reason: z.string().nullable().describe('Why the CVE counts as AI-relevant, or null'),
  in_stack: z.boolean(),
  matches: z.array(patchMatchSchema),
  sla: z.object({
    severity: z.string(), window_days: z.number().int(), basis: z.enum(['severity', 'kev', 'ssvc_act']), basis_text: z.string(),
    start: z.string(), due: z.string(), days_left: z.number().int(), overdue: z.boolean(),
  }),
  status: z.enum(PATCH_STATUS_VALUES),
  status_reason: z.string().nullable(),
  status_changed_at: z.string().nullable(),
  feeds: z.array(z.string()),
});
export type Patch = z.infer<typeof patchSchema>;

/** The filter GET /api/v1/patches takes and the question bar produces. */
export const patchFilterShape = {
  q: z.string().max(200).optional().describe('Case-insensitive match on CVE id, title, description or affected package'),
  products: z.array(z.string().min(1).max(100)).max(20).optional().describe('Affected packages or products (any of them)'),
  ecosystem: z.string().max(40).optional().describe('PyPI, npm, Go, …'),
  severity: z.array(z.enum(VULN_SEVERITIES)).max(5).optional().describe('Any of these severities'),
  kev: z.boolean().optional().describe('Only CVEs in the CISA KEV catalogue'),
  exploited: z.boolean().optional().describe('Only CVEs known exploited (KEV, or SSVC exploitation active)'),
  overdue: z.boolean().optional().describe('Only CVEs past their SLA due date'),
  published_after: z.string().max(40).optional().describe('Only CVEs published on or after this date (YYYY-MM-DD)'),
  min_epss: z.number().min(0).max(1).optional(),
  status: z.enum([...PATCH_STATUS_VALUES, 'all', 'closed']).default('open').describe("open (also investigating), closed, all, or one status"),
  scope: z.enum(PATCH_SCOPES).default('ai').describe('ai: AI-relevant CVEs and anything on the stack; stack: only CVEs affecting the stack; all'),
  sort: z.enum(PATCH_SORTS).default('priority'),
};
const patchFilterSchema = z.object(patchFilterShape);
export type PatchFilter = z.input<typeof patchFilterSchema>;
