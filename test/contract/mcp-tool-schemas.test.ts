// The MCP tools are the public interface: one file snapshot per tool (name, title, description, input and
// output JSON Schemas, annotations), the spec's tool declarations kept exactly (description, properties,
// types, enums, required, defaults), schemas MCP clients accept, and tools/list filtered by key scope.
// A new or changed tool: review the diff, then `npx vitest run test/contract/mcp-tool-schemas.test.ts -u`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { operations } from '@shared/contract/index';
import { SCOPES } from '@shared/domain/enums';
import { toolCatalog, toolsForKey } from '../../src-main/doors/mcp/tool-catalog';

const SPEC_FILES = ['threatmatic-policy-actions.txt', 'threatmatic-posture-tools.txt'].map((f) => new URL(`../../../shared/spec/${f}`, import.meta.url));

interface SpecProperty { type?: string; enum?: string[]; default?: unknown }
interface SpecTool { name: string; description: string; inputSchema: { properties?: Record<string, SpecProperty>; required?: string[] } }

/** The tool declarations in the spec pages: JSON objects starting with "name", cut out by brace matching. */
function specTools(): Map<string, SpecTool> {
  const tools = new Map<string, SpecTool>();
  for (const file of SPEC_FILES) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\{\s*"name":\s*"[a-z_]+"/g)) {
      let depth = 0;
      let end = m.index;
      for (; end < text.length; end++) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}' && --depth === 0) break;
      }
      const tool = JSON.parse(text.slice(m.index, end + 1)) as SpecTool;
      tools.set(tool.name, tool);
    }
  }
  return tools;
}

const admin = toolsForKey({ scopes: ['admin'], require_approval: false });

describe('MCP tool schemas', () => {
  it('makes every operation with an mcp entry a tool, in table order, and snapshots each', async () => {
    const expected = Object.values(operations).flatMap((op) => ('mcp' in op && op.mcp ? [op.mcp.tool] : []));
    expect(admin.map((t) => t.name)).toEqual(expected);
    for (const tool of admin) await expect(JSON.stringify(tool, null, 2) + '\n').toMatchFileSnapshot(`__snapshots__/mcp-tools/${tool.name}.json`);
  });

  it('keeps the spec declarations of every registered spec tool exactly', () => {
    const spec = specTools();
    expect(spec.size).toBe(14);
    const checked: string[] = [];
    for (const tool of admin) {
      const s = spec.get(tool.name);
      if (!s) continue;
      checked.push(tool.name);
      expect(tool.description, tool.name).toBe(s.description);
      const props = (tool.inputSchema.properties ?? {}) as Record<string, SpecProperty>;
      for (const [name, p] of Object.entries(s.inputSchema.properties ?? {})) {
        expect(props[name], `${tool.name}.${name}`).toBeDefined();
        if (p.type) expect(props[name].type, `${tool.name}.${name} type`).toBe(p.type);
        if (p.enum) expect(props[name].enum, `${tool.name}.${name} enum`).toEqual(p.enum);
        if (p.default !== undefined) expect(props[name].default, `${tool.name}.${name} default`).toEqual(p.default);
      }
      expect([...((tool.inputSchema.required as string[] | undefined) ?? [])].sort(), `${tool.name} required`).toEqual([...(s.inputSchema.required ?? [])].sort());
    }
    // The posture and threat-context tools are always there; policy and incident tools join as they land.
    expect(checked).toEqual(expect.arrayContaining(['get_fleet_posture', 'get_device_posture', 'get_user_posture', 'get_workload_posture', 'list_anomalies', 'get_threat_context']));
  });

  it('gives every tool object schemas that the SDK accepts and compiles, and annotations from the table', () => {
    expect(() => ListToolsResultSchema.parse({ tools: toolsForKey({ scopes: ['admin'], require_approval: true }) })).not.toThrow();
    const ajv = new AjvJsonSchemaValidator();
    for (const tool of [...admin, ...toolsForKey({ scopes: ['admin'], require_approval: true })]) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema.type).toBe('object');
      expect(() => ajv.getValidator(tool.inputSchema as never)).not.toThrow();
      expect(() => ajv.getValidator(tool.outputSchema as never)).not.toThrow();
    }
    for (const { op, definition } of toolCatalog().values()) {
      expect(definition.annotations).toEqual({ title: op.title, readOnlyHint: op.annotations.readOnly, destructiveHint: op.annotations.destructive, idempotentHint: op.annotations.idempotent, openWorldHint: false });
      expect(definition.title).toBe(op.title);
    }
  });

  it('lists only the tools a key may call, and tells approval keys a destructive tool may answer pending_approval', () => {
    const scopeOf = new Map([...toolCatalog().values()].map((t) => [t.definition.name, t.op.scope]));
    for (const scope of SCOPES.filter((s) => s !== 'admin')) {
      const names = toolsForKey({ scopes: [scope], require_approval: false }).map((t) => t.name);
      expect(names).toEqual([...scopeOf].filter(([, s]) => s === scope).map(([n]) => n));
    }
    expect(toolsForKey({ scopes: ['read'], require_approval: false }).map((t) => t.name)).toEqual(expect.arrayContaining(['get_device_posture', 'get_threat_context', 'subscribe_events', 'read_events']));
    expect(toolsForKey({ scopes: ['read'], require_approval: false }).map((t) => t.name)).not.toContain('get_audit_log');
    for (const t of toolsForKey({ scopes: ['admin'], require_approval: true })) {
      const validator = new AjvJsonSchemaValidator().getValidator(t.outputSchema as never);
      const pending = validator({ status: 'pending_approval', approval_id: 'apr_01', expires_at: '2026-05-21T10:00:00.000Z' }).valid;
      expect(pending, t.name).toBe(t.annotations.destructiveHint);
    }
  });
});
