// The MCP tools are the public interface: one file snapshot per tool (name, title, description, input and
// output JSON Schemas, annotations), the spec's tool declarations kept exactly (description, properties,
// types, enums, required, defaults), schemas MCP clients accept, and tools/list filtered by key scope.
// A new or changed tool: review the diff, then `npx vitest run test/contract/mcp-tool-schemas.test.ts -u`.
import { describe, expect, it } from 'vitest';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { operations } from '@shared/contract/index';
import { SCOPES } from '@shared/domain/enums';
import { toolCatalog, toolsForKey } from '../../src-main/doors/mcp/tool-catalog';
import { specTools, type SpecSchema } from '../support/spec';

type SpecProperty = SpecSchema;

const admin = toolsForKey({ scopes: ['admin'], require_approval: false });

describe('MCP tool schemas', () => {
  it('makes every operation with an mcp entry a tool, in table order, and snapshots each', async () => {
    const expected = Object.values(operations).flatMap((op) => ('mcp' in op && op.mcp ? [op.mcp.tool] : []));
    expect(admin.map((t) => t.name)).toEqual(expected);
    for (const tool of admin) await expect(JSON.stringify(tool, null, 2) + '\n').toMatchFileSnapshot(`__snapshots__/mcp-tools/${tool.name}.json`);
  });

  it('registers every tool the spec declares, keeping each declaration exactly', () => {
    const spec = specTools();
    expect(spec.size).toBe(14);
    // Every spec tool is served: a tool missing from the catalog fails here, by name.
    expect([...spec.keys()].filter((name) => !admin.some((t) => t.name === name))).toEqual([]);
    for (const s of spec.values()) {
      const tool = admin.find((t) => t.name === s.name)!;
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
