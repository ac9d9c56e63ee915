// docs/mcp.md stays in step with the code: its client configurations are valid JSON that start the real
// command or URL, and its scope table lists every MCP tool under the scope the operation table gives it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '@shared/domain/enums';
import { COMMANDS } from '../../../src-main/cli/commands/index';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_EVENT_LIMITS } from '../../../src-main/doors/mcp/event-store';
import { DEFAULT_RETRY_MS, MCP_PATH } from '../../../src-main/doors/mcp/http-door';
import { DEFAULT_ABANDONED_AFTER_MS, DEFAULT_SESSION_LIMITS, SESSION_LIMIT_ENV } from '../../../src-main/doors/mcp/session-limits';
import { DESKTOP_MCP_PORT } from '../../../src-main/doors/mcp/standalone-http';
import { toolCatalog } from '../../../src-main/doors/mcp/tool-catalog';
import { DEFAULT_PORT } from '../../../src-main/cli/commands/serve';

const doc = readFileSync(new URL('../../../docs/mcp.md', import.meta.url), 'utf8');

describe('docs/mcp.md', () => {
  it('gives client configurations that parse and point at `threatmatic mcp` or the /mcp endpoint', () => {
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as Record<string, Record<string, Record<string, unknown>>>);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const servers = blocks.flatMap((b) => Object.values(b.mcpServers ?? b.servers ?? {}));
    for (const s of servers) {
      if (s.command) {
        expect(s.args).toEqual(['mcp']);
        expect(Object.keys(s.env as object)).toEqual(['THREATMATIC_API_KEY']);
      } else {
        expect(s.url).toBe(`http://127.0.0.1:${DEFAULT_PORT}${MCP_PATH}`);
        expect((s.headers as Record<string, string>).Authorization).toMatch(/^Bearer /);
      }
    }
    expect(doc).toContain(`http://127.0.0.1:${DESKTOP_MCP_PORT}${MCP_PATH}`);
    for (const cmd of ['mcp', 'keys create', 'keys list', 'keys revoke', 'audit verify', 'audit export', 'approvals list', 'approvals approve', 'approvals reject']) {
      expect(COMMANDS.map((c) => c.name)).toContain(cmd);
      expect(doc).toContain(`threatmatic ${cmd}`);
    }
  });

  it('lists every tool under its scope', () => {
    const table = new Map<string, string>();
    for (const m of doc.matchAll(/^\| `([a-z:]+)` \| (.*) \|$/gm)) {
      for (const t of m[2].matchAll(/`([a-z_]+)`/g)) table.set(t[1], m[1]);
    }
    for (const { definition, op } of toolCatalog().values()) expect(table.get(definition.name), definition.name).toBe(op.scope);
    expect([...new Set(table.values())].every((s) => (SCOPES as readonly string[]).includes(s))).toBe(true);
    expect([...table.keys()].filter((t) => !toolCatalog().has(t))).toEqual([]);
  });

  it('names, under Human approval, exactly the tools the operation table holds for approval', () => {
    const section = doc.slice(doc.indexOf('## Human approval'), doc.indexOf('## Errors'));
    const rows = [...section.matchAll(/^\| [a-z]+ \| (.*) \|$/gm)].map((m) => m[1]);
    const named = rows.flatMap((r) => [...r.matchAll(/`([a-z_]+)`/g)].map((t) => t[1])).filter((t) => toolCatalog().has(t));
    const held = [...toolCatalog().values()].filter((t) => t.op.changesAccess).map((t) => t.definition.name);
    expect(named.sort()).toEqual(held.sort());
    expect(rows.find((r) => r.includes('`close_incident`'))).toContain('`release_quarantined_devices`');
  });

  it('gives the session limits, resumption bounds, error codes and audited refusals the code has', () => {
    for (const [field, { name, scale }] of Object.entries(SESSION_LIMIT_ENV)) {
      const row = doc.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${name}\``));
      const value = DEFAULT_SESSION_LIMITS[field as keyof typeof DEFAULT_SESSION_LIMITS] / scale;
      expect(row, name).toMatch(new RegExp(`\\| ${value}( minutes)? \\|`));
    }
    expect(doc).toContain(`no use in the last ${DEFAULT_ABANDONED_AFTER_MS / 1000} seconds`);
    expect(doc).toContain(`retry: ${DEFAULT_RETRY_MS}`);
    expect(doc).toContain(`most recent ${DEFAULT_EVENT_LIMITS.maxEvents} messages, at most ${DEFAULT_EVENT_LIMITS.maxBytes / 1024} KiB`);
    expect(doc).toContain(`at most ${(DEFAULT_EVENT_LIMITS.maxBytes * DEFAULT_SESSION_LIMITS.maxSessions) / 1024 / 1024} MiB for resumption`);
    const codes = [...doc.matchAll(/^\| `(-32\d{3})` \|/gm)].map((m) => Number(m[1]));
    for (const code of [ErrorCode.ParseError, ErrorCode.InvalidRequest, ErrorCode.MethodNotFound, ErrorCode.InvalidParams, ErrorCode.InternalError, -32000, -32001]) expect(codes).toContain(code);
    // Every action the HTTP door audits a refusal under is in the doc's table, and nothing else is.
    const door = readFileSync(new URL('../../../src-main/doors/mcp/http-door.ts', import.meta.url), 'utf8');
    const audited = new Set([...door.matchAll(/action: '(mcp\.[a-z.]+)', outcome: '(?:denied|error)'/g)].map((m) => m[1]));
    const documented = new Set([...doc.matchAll(/^\| `(mcp\.[a-z.]+)` \|/gm)].map((m) => m[1]));
    expect(documented).toEqual(audited);
  });
});
