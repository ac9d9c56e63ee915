// Shadow-AI discovery: the AI services people use, seen in network telemetry, the browser extension and
// Copilot audit logs; their risk (the spec's HIGH / MEDIUM / LOW, with the reason), users and devices,
// timeline; approving a service (registered, with owner and allowed data classes: LOW), and the review
// queue of unknown AI-looking names (classify as a service, or dismiss).
import { z } from 'zod';
import { AI_CHANNELS, AI_SERVICE_AUDIENCES, AI_SERVICE_KINDS, EXTENSION_EVENT_TYPES, PII_CATEGORIES, REVIEW_STATUSES, SHADOW_RISK_LEVELS, SIGHTING_SOURCES } from '../../domain/shadow-ai';
import { defineOperation, READ_ONLY } from '../define';

const WRITE = { readOnly: false, destructive: false, idempotent: true } as const;
const serviceId = z.string().min(1).max(300).describe('Catalogue service id (e.g. openai, anthropic), or unknown:<domain> for a service in the review queue');
const piiCounts = z.partialRecord(z.enum(PII_CATEGORIES), z.number().int().min(0));

const shadowServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  vendor: z.string().nullable(),
  kind: z.enum(AI_SERVICE_KINDS).nullable(),
  audience: z.enum(AI_SERVICE_AUDIENCES).nullable(),
  classified: z.boolean().describe('false: on a public AI list (or unknown) but not classified by us'),
  registered: z.boolean().describe('Approved (registered) by IT; services shown with ! are not'),
  risk: z.enum(SHADOW_RISK_LEVELS),
  risk_reason: z.string(),
  users: z.number().int(),
  devices: z.number().int(),
  count: z.number().int().describe('Sightings (DNS lookups, HTTP requests, TLS sessions, flows, extension visits)'),
  bytes_up: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
  channels: z.array(z.enum(AI_CHANNELS)),
  sources: z.array(z.enum(SIGHTING_SOURCES)),
  pii: piiCounts.describe('PII categories reported in uploads, with counts (never the values)'),
  terms: z.string().nullable().describe('Published data-retention and training terms, where known'),
});
export type ShadowService = z.output<typeof shadowServiceSchema>;

const approvalSchema = z.object({ owner: z.string().nullable(), data_classes: z.array(z.string()), note: z.string().nullable(), approved_by: z.string(), approved_at: z.string() });

export const shadowAiList = defineOperation({
  name: 'shadowai.list',
  title: 'Shadow AI services',
  description: 'Every AI service seen in use across the fleet, with its risk level (HIGH, MEDIUM, LOW) and why, users, devices, volume and whether it is registered; riskiest first.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    risk: z.enum(SHADOW_RISK_LEVELS).optional(),
    registered: z.boolean().optional().describe('true: approved services only; false: unregistered only'),
  }),
  output: z.object({ services: z.array(shadowServiceSchema), catalogue_version: z.string(), review_pending: z.number().int() }),
  mcp: { tool: 'list_shadow_ai_services', description: 'List the AI services employees use (shadow AI), with risk level, reason, users and whether IT approved them.' },
  rest: { method: 'GET', path: '/api/v1/shadow-ai/services' },
});

export const shadowAiGet = defineOperation({
  name: 'shadowai.get',
  title: 'Shadow AI service',
  description: 'One AI service in use: who uses it on which device since when, how much went up, its hourly timeline, PII categories reported, its approval and the destinations a block would cover.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ service_id: serviceId }),
  output: z.object({
    service: shadowServiceSchema,
    domains: z.array(z.string()).describe('Catalogue rules of the service (domain, full:host, regexp:...)'),
    block_destinations: z.array(z.string()).describe('Domain patterns for block_destination'),
    approval: approvalSchema.nullable(),
    sightings: z.array(z.object({
      channel: z.enum(AI_CHANNELS), source: z.enum(SIGHTING_SOURCES), entity_type: z.string().nullable(), entity_id: z.string().nullable(),
      user_id: z.string().nullable(), first_seen: z.string(), last_seen: z.string(), count: z.number().int(), bytes_up: z.number().int(), example_host: z.string().nullable(),
    })),
    users: z.array(z.string()).describe('Users seen (from the events, the extension, Copilot, or active on the devices per the inventory)'),
    timeline: z.array(z.object({ hour: z.string(), count: z.number().int(), bytes_up: z.number().int() })),
  }),
  mcp: { tool: 'get_shadow_ai_service', description: 'Get one AI service in use: users, devices, timeline, PII categories, approval, risk and why.' },
  rest: { method: 'GET', path: '/api/v1/shadow-ai/services/{service_id}' },
});

export const shadowAiApprove = defineOperation({
  name: 'shadowai.approve',
  title: 'Approve an AI service',
  description: 'Register an AI service as approved, with its owner and the data classes (PII categories) it may receive: it becomes LOW risk, and stops costing the Shadow AI score. Use with PII outside those classes raises it again.',
  scope: 'assets:write',
  annotations: WRITE,
  input: z.object({
    service_id: serviceId,
    owner: z.string().trim().min(1).max(200).optional(),
    data_classes: z.array(z.enum(PII_CATEGORIES)).max(20).default([]).describe('PII categories the service is approved to receive'),
    note: z.string().max(2000).optional(),
  }),
  output: z.object({ service: shadowServiceSchema }),
  mcp: { tool: 'approve_ai_service', description: 'Register an AI service as approved (LOW risk), with owner and allowed data classes.' },
  rest: { method: 'POST', path: '/api/v1/shadow-ai/services/{service_id}/approve' },
});

export const shadowAiRevoke = defineOperation({
  name: 'shadowai.revoke',
  title: 'Withdraw an AI service approval',
  description: 'Withdraw the approval of an AI service: it is unregistered again and risk is reassessed.',
  scope: 'assets:write',
  annotations: WRITE,
  input: z.object({ service_id: serviceId }),
  output: z.object({ service: shadowServiceSchema.nullable(), revoked: z.boolean() }),
  rest: { method: 'POST', path: '/api/v1/shadow-ai/services/{service_id}/revoke' },
});

const reviewItemSchema = z.object({
  domain: z.string(), example_host: z.string(), reason: z.string().describe('Why it looks like an AI service'),
  first_seen: z.string(), last_seen: z.string(), count: z.number().int(), status: z.enum(REVIEW_STATUSES),
  decided_by: z.string().nullable(), decided_at: z.string().nullable(), note: z.string().nullable(),
});

export const shadowAiReview = defineOperation({
  name: 'shadowai.review',
  title: 'Shadow AI review queue',
  description: 'Hostnames in no catalogue that look like AI services, grouped by registrable domain: each is a HIGH-risk unknown service until classified or dismissed.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ status: z.enum([...REVIEW_STATUSES, 'all']).default('pending') }),
  output: z.object({ items: z.array(reviewItemSchema) }),
  mcp: { tool: 'list_shadow_ai_review', description: 'List unknown AI-looking services waiting in the shadow-AI review queue.' },
  rest: { method: 'GET', path: '/api/v1/shadow-ai/review' },
});

export const shadowAiDecide = defineOperation({
  name: 'shadowai.decide',
  title: 'Decide a review item',
  description: 'Classify an unknown domain as an AI service (it joins the catalogue; stored telemetry is re-examined) or dismiss it as not an AI service.',
  scope: 'assets:write',
  annotations: WRITE,
  input: z.object({
    domain: z.string().min(1).max(300),
    action: z.enum(['classify', 'dismiss']),
    name: z.string().trim().min(1).max(200).optional().describe('classify: the service name (default: the domain)'),
    vendor: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(AI_SERVICE_KINDS).optional(),
    audience: z.enum(AI_SERVICE_AUDIENCES).optional(),
    note: z.string().max(2000).optional(),
  }),
  output: z.object({ item: reviewItemSchema, service_id: z.string().nullable(), catalogue_version: z.string() }),
  mcp: { tool: 'review_ai_service', description: 'Classify an unknown AI-looking domain from the review queue as an AI service, or dismiss it.' },
  rest: { method: 'POST', path: '/api/v1/shadow-ai/review/{domain}' },
});

export const shadowAiCatalogue = defineOperation({
  name: 'shadowai.catalogue',
  title: 'AI service catalogue',
  description: 'The local AI service catalogue: its version, provenance and every service with vendor, kind, audience, terms and domains.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    version: z.string(),
    provenance: z.object({ source: z.string(), commit: z.string(), rules: z.number().int() }),
    services: z.array(z.object({
      id: z.string(), name: z.string(), vendor: z.string(), kind: z.enum(AI_SERVICE_KINDS), audience: z.enum(AI_SERVICE_AUDIENCES),
      classified: z.boolean(), source: z.string(), region: z.enum(['global', 'cn']), terms: z.string().nullable(), domains: z.array(z.string()),
    })),
  }),
  rest: { method: 'GET', path: '/api/v1/shadow-ai/catalogue' },
});

export const shadowAiImportCopilot = defineOperation({
  name: 'shadowai.importCopilot',
  title: 'Import a Copilot audit log',
  description: 'Import a Microsoft 365 unified audit log export (JSON or CSV as the Purview portal exports it): CopilotInteraction records become Microsoft 365 Copilot sightings per user and app.',
  scope: 'assets:write',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  localFiles: true,
  input: z.object({ path: z.string().min(1).max(4096) }),
  output: z.object({
    records: z.number().int(), copilot: z.number().int().describe('CopilotInteraction records imported'), skipped: z.number().int().describe('Other records (other operations or workloads)'),
    users: z.number().int(), apps: z.record(z.string(), z.number().int()).describe('Interactions per AppHost (bizchat, appchat, Word, Teams...)'),
    contexts: z.record(z.string(), z.number().int()).describe('Contexts per type (docx, TeamsMeeting...)'),
  }),
});

export const shadowAiOrgKey = defineOperation({
  name: 'shadowai.orgKey',
  title: 'Browser extension org key',
  description: 'The org key browser extensions report with (X-Org-Key): created on first use; rotate to make a new one (extensions with the old key are refused until they get it).',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({ rotate: z.boolean().default(false) }),
  output: z.object({ org_key: z.string(), created: z.boolean() }),
  secretFields: ['org_key'],
});

const extensionEventSchema = z.object({
  ts: z.string().max(40).describe('ISO 8601 time of the event'),
  domain: z.string().min(1).max(253).describe('The hostname visited (never the URL or page content)'),
  type: z.enum(EXTENSION_EVENT_TYPES),
  pii: piiCounts.optional().describe('PII categories with counts (never the values)'),
});

export const shadowAiExtensionReport = defineOperation({
  name: 'shadowai.extensionReport',
  title: 'Browser extension report',
  description: 'Visits to AI services and PII categories (counts only) reported by the browser extension of one browser.',
  scope: 'assets:write',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    browser_id: z.string().min(1).max(100).describe('Random id of the browser profile the extension runs in'),
    user: z.string().max(200).optional().describe('The user name entered in the extension options, if any'),
    events: z.array(extensionEventSchema).max(1000),
  }),
  output: z.object({ accepted: z.number().int(), ignored: z.number().int().describe('Domains in no catalogue and not AI-looking') }),
});
