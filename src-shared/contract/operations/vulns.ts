// Vulnerability exposure for the AI stack through every door: the spec's endpoints (tech stack import,
// list and delete; the patch list, its headline counts, a patch's status and the natural-language patch
// query), a CVE's detail, and importing the feeds from files on the engine's machine (CLI only).
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';
import { PATCH_STATUSES, PATCH_STATUS_VALUES, patchFilterShape, patchSchema, stackEntrySchema } from './vulns-schemas';

const cveId = z.string().trim().min(1).max(100).describe('A CVE id (or an OSV/GHSA alias of one)');
const rejection = z.object({ where: z.string(), reason: z.string() });

export const vulnsImportFeed = defineOperation({
  name: 'vulns.importFeed',
  title: 'Import vulnerability feeds',
  description:
    'Import CVE JSON 5.x records, NVD API 2.0 JSON, OSV records (JSON or YAML), the CISA KEV catalogue (JSON or CSV) or FIRST EPSS scores (CSV) from a file, ' +
    'a folder tree (as in cvelistV5) or a zip, streamed in batches; each feed is recorded with its source and date. The stack is matched again and every CVE touched is rescored.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  localFiles: true,
  input: z.object({
    path: z.string().min(1).max(4096).describe('A file, folder or zip on the machine the engine runs on'),
    kind: z.string().max(10).optional().describe('cve5, osv, nvd, kev or epss (default: recognised from each file)'),
    date: z.string().max(10).optional().describe('The feed date (YYYY-MM-DD) for EPSS files that carry none (default: the score_date line, else the file date)'),
  }),
  output: z.object({
    source: z.string(),
    feeds: z.array(z.object({ id: z.string(), kind: z.string(), feed_date: z.string().nullable(), records: z.number().int(), new_records: z.number().int() })),
    records: z.number().int(),
    new_records: z.number().int(),
    rejected: z.array(rejection),
    rejected_count: z.number().int(),
    skipped_files: z.number().int().describe('Files that are none of the feeds read'),
    ai_relevant: z.number().int(),
    on_stack: z.number().int().describe('CVEs affecting the stack after the import'),
    new_critical_on_stack: z.array(z.string()).describe('Critical CVEs this import put on the stack (each announced as new_critical_cve)'),
  }),
});

export const vulnsImportStack = defineOperation({
  name: 'vulns.importStack',
  title: 'Import the tech stack',
  description:
    'Import the tech stack: CSV `technology,version,vendor,asset_count` (only technology required), or a CycloneDX or SPDX JSON SBOM. ' +
    'Each entry is resolved to a package identity (purl) and matched against the imported CVEs; re-importing an entry updates it. Audited.',
  scope: 'assets:write',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    file: z.string().min(1).max(20_000_000).describe('The CSV text or the SBOM JSON text: the `file` part of a multipart/form-data upload, or a string in a JSON body'),
    format: z.string().max(12).optional().describe('csv, cyclonedx or spdx (default: detected)'),
  }),
  output: z.object({
    format: z.string(),
    imported: z.number().int(),
    added: z.number().int(),
    rejected: z.array(rejection),
    entries: z.array(stackEntrySchema),
    matched_cves: z.number().int().describe('Open CVE matches of the imported entries'),
  }),
  rest: { method: 'POST', path: '/api/v1/tech-stack/import' },
});

export const vulnsListStack = defineOperation({
  name: 'vulns.listStack',
  title: 'Tech stack',
  description: 'The tech stack entries, each with the package identity it resolved to and its open CVEs.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ ...pageInput }),
  output: z.object({ entries: z.array(stackEntrySchema), total: z.number().int() }),
  mcp: { tool: 'list_tech_stack', description: 'List the tech stack entries with their package identity and open CVEs.' },
  rest: { method: 'GET', path: '/api/v1/tech-stack' },
});

export const vulnsDeleteStack = defineOperation({
  name: 'vulns.deleteStack',
  title: 'Remove a tech stack entry',
  description: 'Remove one tech stack entry; its matches go and the CVEs it carried are rescored. Audited.',
  scope: 'assets:write',
  annotations: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({ id: z.string().trim().min(1).max(100) }),
  output: z.object({ deleted: stackEntrySchema, cves_no_longer_on_stack: z.number().int() }),
  rest: { method: 'DELETE', path: '/api/v1/tech-stack/{id}' },
});

export const vulnsPatches = defineOperation({
  name: 'vulns.patches',
  title: 'Patches',
  description:
    'CVEs ranked by priority for the stack (CVSS 40, stack match 30, EPSS 20, age 10, each component with its input and date), with the SLA due date, KEV and SSVC facts, ' +
    'affected stack entries with the rule and range of each match, and status; filtered and paged.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ ...patchFilterShape, ...pageInput }),
  output: z.object({ patches: z.array(patchSchema), total: z.number().int() }),
  mcp: { tool: 'list_patches', description: 'List CVEs affecting the AI stack ranked by priority, with score breakdown, SLA due date and status.' },
  rest: { method: 'GET', path: '/api/v1/patches' },
});

export const vulnsStats = defineOperation({
  name: 'vulns.stats',
  title: 'Patch headline counts',
  description: 'Headline counts: CVEs imported, AI-relevant, on the stack, open, overdue, due within 7 days, KEV on the stack, by severity; and each feed with its last import and date.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    total: z.number().int(), ai_relevant: z.number().int(), in_stack: z.number().int(), open: z.number().int(), overdue: z.number().int(), due_7d: z.number().int(),
    closed: z.number().int(), kev_in_stack: z.number().int(), by_severity: z.record(z.string(), z.number().int()),
    feeds: z.array(z.object({ kind: z.string(), records: z.number().int(), last_import: z.string().nullable(), feed_date: z.string().nullable() })),
  }),
  mcp: { tool: 'get_patch_stats', description: 'Headline CVE counts: on the stack, open, overdue, KEV, by severity.' },
  rest: { method: 'GET', path: '/api/v1/patches/stats' },
});

export const vulnsShow = defineOperation({
  name: 'vulns.show',
  title: 'CVE detail',
  description: 'One CVE: its priority breakdown, SLA, KEV and SSVC facts, affected stack entries and the advisory rules (ranges, CPEs) every feed gave for it.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ id: cveId }),
  output: z.object({ patch: patchSchema, advisories: z.array(z.object({ feed: z.string(), rule: z.unknown() })) }),
  mcp: { tool: 'get_patch', description: 'Get one CVE with its priority breakdown, SLA, affected stack entries and advisory ranges.' },
  rest: { method: 'GET', path: '/api/v1/patches/{id}' },
});

export const vulnsSetStatus = defineOperation({
  name: 'vulns.setStatus',
  title: 'Set a patch status',
  description: 'Mark a CVE (or one affected stack entry of it) fixed, deployed, investigating or wont_fix (wont_fix needs a reason). fixed, deployed and wont_fix close it. Audited.',
  scope: 'incident:manage',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    id: cveId,
    status: z.enum(PATCH_STATUSES),
    reason: z.string().trim().min(1).max(1000).optional().describe('Why (required for wont_fix)'),
    stack_id: z.string().trim().min(1).max(100).optional().describe('Only this affected stack entry (default: the CVE as a whole)'),
  }),
  output: z.object({ patch: patchSchema, previous: z.enum(PATCH_STATUS_VALUES) }),
  mcp: { tool: 'set_patch_status', description: 'Mark a CVE fixed, deployed, investigating or wont_fix (with a reason).' },
  rest: { method: 'PATCH', path: '/api/v1/patches/{id}/status' },
});

export const vulnsAsk = defineOperation({
  name: 'vulns.ask',
  title: 'Ask about patches',
  description:
    'A natural-language patch question ("what langchain patches matter most right now?"): the filter intent is extracted locally (products, ecosystem, severity, KEV, exploited, overdue, ' +
    'time window, most important), run against the patch list, and answered in 2–4 sentences citing CVE ids. The filter used is returned to refine. No API key needed.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ question: z.string().trim().min(1).max(500) }),
  output: z.object({
    question: z.string(),
    answer: z.string(),
    filter: z.object(patchFilterShape).partial(),
    understood: z.array(z.string()).describe('The phrases recognised and what each set'),
    cves: z.array(z.string()).describe('The CVE ids the answer cites, most important first'),
    total: z.number().int(),
    patches: z.array(patchSchema),
  }),
  mcp: { tool: 'ask_patches', description: 'Ask a natural-language question about CVE exposure; get a 2–4 sentence answer citing CVE ids and the filter used.' },
  rest: { method: 'POST', path: '/api/v1/patches/ask' },
});
