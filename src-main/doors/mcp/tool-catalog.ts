// The MCP tools, generated from the operation table: every operation with an `mcp` entry becomes a tool
// with its spec name and description, JSON Schemas from its zod input and output, and annotations.
import { z } from 'zod';
import { operations, type Operation, type OpName } from '@shared/contract/index';
import { pendingApprovalSchema } from '@shared/contract/operations/approvals';
import type { Scope } from '@shared/domain/enums';
import { hasScope } from '../../engine/dispatch';

type JsonSchema = { type: 'object'; [k: string]: unknown };

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

export interface CatalogTool {
  op: Operation & { name: OpName };
  definition: ToolDefinition;
  /** The definition a key that needs approval sees: a tool that changes access may answer pending_approval instead. */
  heldDefinition: ToolDefinition;
}

// The same conversion McpServer uses (draft-07, input vs output view), so clients validate as they expect.
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'draft-7', io }) as JsonSchema;

function build(op: Operation & { name: OpName; mcp: { tool: string; description: string } }): CatalogTool {
  const definition: ToolDefinition = {
    name: op.mcp.tool,
    title: op.title,
    description: op.mcp.description,
    inputSchema: jsonSchema(op.input, 'input'),
    outputSchema: jsonSchema(op.output, 'output'),
    annotations: {
      title: op.title,
      readOnlyHint: op.annotations.readOnly,
      destructiveHint: op.annotations.destructive,
      idempotentHint: op.annotations.idempotent,
      // Every tool works on this machine's own database: nothing reaches an open world.
      openWorldHint: false,
    },
  };
  if (!op.changesAccess) return { op, definition, heldDefinition: definition };
  // MCP wants an object at the root of an output schema: the result or the pending request, either one.
  const { $schema, ...result } = definition.outputSchema;
  const { $schema: _, ...pending } = jsonSchema(pendingApprovalSchema, 'output');
  return { op, definition, heldDefinition: { ...definition, outputSchema: { $schema, type: 'object', anyOf: [result, pending] } as JsonSchema } };
}

let catalog: Map<string, CatalogTool> | null = null;

/** Tool name → tool, in operation-table order; built once, on first use. */
export function toolCatalog(): Map<string, CatalogTool> {
  if (!catalog) {
    catalog = new Map();
    for (const op of Object.values(operations) as (Operation & { name: OpName })[]) {
      if (op.mcp) catalog.set(op.mcp.tool, build(op as Operation & { name: OpName; mcp: { tool: string; description: string } }));
    }
  }
  return catalog;
}

/** What tools/list shows a key: only the tools its scopes allow (admin: all). */
export function toolsForKey(key: { scopes: readonly Scope[]; require_approval: boolean }): ToolDefinition[] {
  return [...toolCatalog().values()].filter((t) => hasScope(key.scopes, t.op.scope)).map((t) => (key.require_approval ? t.heldDefinition : t.definition));
}
