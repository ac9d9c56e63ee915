// MCP integrity scanning through every door: the servers with their last scan (pin status, trust,
// findings), the findings alone, the diff since approval, approving (re-pinning) a server, and vetting a
// saved tools/list before installing a server. Live scans of the machine's configured servers start
// servers and wait on the network, so they run from the CLI (`threatmatic mcp-scan`) and are recorded here.
import { z } from 'zod';
import { SEVERITIES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { mcpDiffSchema, mcpFindingSchema, mcpScanResultSchema, mcpServerResultSchema } from './mcp-scan-schemas';

const serverInput = z.string().trim().min(1).max(2000).describe('The server: its server_key, identity, name or asset id');

export const mcpScanServers = defineOperation({
  name: 'mcpscan.servers',
  title: 'Scanned MCP servers',
  description: 'Every MCP server scanned, with its last scan: status (or why it could not be listed), pin status against the approved listing, schema stability, catalogue trust and findings.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({ servers: z.array(mcpServerResultSchema) }),
  mcp: { tool: 'list_mcp_scan_servers', description: 'List the scanned MCP servers with pin status, trust and findings.' },
  rest: { method: 'GET', path: '/api/v1/mcp-scan/servers' },
});

export const mcpScanFindings = defineOperation({
  name: 'mcpscan.findings',
  title: 'MCP scan findings',
  description: 'The findings of the last scan of every MCP server (rule, severity, tool, matched text, JSON pointer, explanation), most severe first.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ min_severity: z.enum(SEVERITIES).default('low'), server: serverInput.optional() }),
  output: z.object({ findings: z.array(mcpFindingSchema.extend({ server: z.string(), server_key: z.string() })) }),
  rest: { method: 'GET', path: '/api/v1/mcp-scan/findings' },
});

export const mcpScanDiff = defineOperation({
  name: 'mcpscan.diff',
  title: 'MCP server changes since approval',
  description: 'What changed in an MCP server since its listing was approved: tools added, removed, renamed and changed, field by field.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ server: serverInput }),
  output: z.object({ server_key: z.string(), pin_status: z.enum(['unpinned', 'match', 'changed']), approved_at: z.string().nullable(), diff: mcpDiffSchema.nullable() }),
  rest: { method: 'GET', path: '/api/v1/mcp-scan/diff' },
});

export const mcpScanApprove = defineOperation({
  name: 'mcpscan.approve',
  title: 'Approve an MCP server',
  description: "Pin an MCP server's listing as its last scan saw it (re-pin after a reviewed change). Later scans report any change as a rug pull. Audited.",
  scope: 'assets:write',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ server: serverInput }),
  output: z.object({ server_key: z.string(), fingerprint: z.string(), approved_at: z.string(), previous_fingerprint: z.string().nullable() }),
  rest: { method: 'POST', path: '/api/v1/mcp-scan/approve' },
});

export const mcpScanListing = defineOperation({
  name: 'mcpscan.scanListing',
  title: 'Vet an MCP server listing',
  description: "Judge a saved tools/list result ({tools:[...]}) before installing the server: covert instructions, poisoning, shadowing of the other scanned servers' tools, hidden characters, encoded payloads, exfiltration-shaped parameters. Nothing is recorded.",
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    name: z.string().trim().min(1).max(200).default('vetted-server').describe('A name for the server in the result'),
    listing: z.unknown().describe('A tools/list result: {tools:[...]} (optionally serverInfo, instructions), or an array of tools'),
  }),
  output: mcpScanResultSchema,
  mcp: { tool: 'scan_mcp_server', description: "Vet an MCP server before installing it: pass its tools/list JSON; get findings with rule, matched text, JSON pointer and explanation." },
  rest: { method: 'POST', path: '/api/v1/mcp-scan/scan' },
});
