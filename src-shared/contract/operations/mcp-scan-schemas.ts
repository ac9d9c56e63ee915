// The shapes of an MCP integrity scan result (documented in docs/mcp-scan.md and exported as a JSON
// Schema in docs/mcp-scan-result.schema.json): per server its pin status, diff, trust and findings.
import { z } from 'zod';
import { SEVERITIES } from '../../domain/enums';

const MCP_FINDING_FAMILIES = ['covert_instruction', 'tool_poisoning', 'tool_shadowing', 'hidden_characters', 'encoded_payload', 'exfiltration_schema', 'sensitive_access', 'rug_pull', 'unreachable'] as const;

export const mcpFindingSchema = z.object({
  rule_id: z.string(),
  family: z.enum(MCP_FINDING_FAMILIES),
  severity: z.enum(SEVERITIES),
  tool: z.string().nullable(),
  pointer: z.string().describe('JSON pointer into the server listing, e.g. /tools/3/description'),
  matched: z.string(),
  explanation: z.string(),
  owasp_llm: z.array(z.string()),
  atlas: z.array(z.string()),
  location: z.object({ file: z.string().nullable(), config_pointer: z.string().nullable() }).describe('The config file that declares the server and its entry there'),
});

const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const mcpDiffSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  renamed: z.array(z.object({ from: z.string(), to: z.string() })),
  changed: z.array(z.object({ tool: z.string(), changes: z.array(fieldChange) })),
  server_changes: z.array(fieldChange),
});

export const mcpServerResultSchema = z.object({
  server_key: z.string().describe('The launch identity: stdio:COMMAND ARGS or streamable_http:URL'),
  identity: z.string().describe('server_key@version'),
  name: z.string(),
  asset_id: z.string().nullable(),
  transport: z.enum(['stdio', 'streamable_http', 'sse', 'static']),
  command: z.string().nullable(),
  url: z.string().nullable(),
  source: z.object({ client: z.string(), file: z.string().nullable(), pointer: z.string().nullable() }),
  status: z.enum(['ok', 'error']),
  error: z.string().nullable(),
  version: z.string().nullable(),
  tool_count: z.number().int(),
  fingerprint: z.string().nullable().describe('SHA-256 of the RFC 8785 canonical listing'),
  pin: z.object({ status: z.enum(['unpinned', 'match', 'changed']), fingerprint: z.string().nullable(), approved_at: z.string().nullable() }),
  diff: mcpDiffSchema.nullable(),
  schema_stability: z.number().min(0).max(1),
  trust: z.object({
    score: z.number(), known: z.boolean(), publisher: z.string().nullable(), verified: z.boolean(), catalog_version: z.string(),
    factors: z.array(z.object({ factor: z.string(), points: z.number(), why: z.string() })),
  }),
  findings: z.array(mcpFindingSchema),
  scanned_at: z.string(),
});
export type McpServerResult = z.output<typeof mcpServerResultSchema>;
export type McpFinding = z.output<typeof mcpFindingSchema>;

export const mcpScanResultSchema = z.object({
  scanned_at: z.string(),
  servers: z.array(mcpServerResultSchema),
  summary: z.object({
    servers: z.number().int(), unreachable: z.number().int(), changed: z.number().int(),
    findings: z.record(z.enum(SEVERITIES), z.number().int()),
    highest: z.enum(SEVERITIES).nullable(),
  }),
  problems: z.array(z.object({ file: z.string(), client: z.string(), reason: z.string() })),
});
export type McpScanResult = z.output<typeof mcpScanResultSchema>;
