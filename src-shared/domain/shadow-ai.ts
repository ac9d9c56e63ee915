// The vocabulary of shadow-AI discovery: what kind of AI service a catalogue entry is, whom it is sold to,
// over which channel it was reached, the spec's risk levels and the PII categories the browser extension
// reports. One list each, the single source of its zod enum, TS type and UI labels.

/** chat, coding assistant, image or media, API endpoint, agent platform, MCP service. */
export const AI_SERVICE_KINDS = ['chat', 'coding_assistant', 'image_media', 'api', 'agent_platform', 'mcp'] as const;
export type AiServiceKind = (typeof AI_SERVICE_KINDS)[number];

export const AI_SERVICE_AUDIENCES = ['consumer', 'enterprise'] as const;
export type AiServiceAudience = (typeof AI_SERVICE_AUDIENCES)[number];

/** How the service was reached: its web app, its API, or an MCP endpoint (as far as the hostname tells). */
export const AI_CHANNELS = ['web', 'api', 'mcp'] as const;
export type AiChannel = (typeof AI_CHANNELS)[number];

/** Where a sighting came from: network telemetry, the browser extension, a Copilot audit import. */
export const SIGHTING_SOURCES = ['network', 'extension', 'copilot'] as const;
export type SightingSource = (typeof SIGHTING_SOURCES)[number];

/** The spec's Shadow AI risk table, names kept exactly. */
export const SHADOW_RISK_LEVELS = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type ShadowRiskLevel = (typeof SHADOW_RISK_LEVELS)[number];

/** What the extension detects in text typed, pasted or uploaded to an AI service (categories and counts only). */
export const PII_CATEGORIES = ['email', 'phone', 'payment_card', 'national_id', 'iban', 'api_key', 'private_key'] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

/** What the extension reports: a visit, or PII in text typed, pasted or in a file chosen for upload. */
export const EXTENSION_EVENT_TYPES = ['visit', 'pii_typed', 'pii_pasted', 'pii_uploaded'] as const;

export const REVIEW_STATUSES = ['pending', 'classified', 'dismissed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Id prefix of a service seen in use but in no catalogue (its registrable domain follows). */
export const UNKNOWN_SERVICE_PREFIX = 'unknown:';
