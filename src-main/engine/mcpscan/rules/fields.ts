// Every piece of text a client shows the model, with its JSON pointer into the server listing, so each
// rule walks one flat list and every finding can say exactly where it matched.
import type { ScannedServer } from '../types';

export type FieldKind = 'instructions' | 'tool_name' | 'title' | 'description' | 'param_name' | 'param_description' | 'prompt' | 'resource';

export type TextField = {
  kind: FieldKind;
  tool: string | null;
  /** Index of the tool in server.tools, or null for server-level text. */
  toolIndex: number | null;
  pointer: string;
  text: string;
};

/** Depth and count limits on schema walks: a hostile schema cannot make the walk unbounded. */
const MAX_SCHEMA_DEPTH = 8;
const MAX_SCHEMA_NODES = 2_000;

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export type SchemaProperty = { name: string; pointer: string; schema: Record<string, unknown> };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Properties of a JSON schema, nested objects and array items included, each with its pointer. */
export function schemaProperties(schema: unknown, basePointer: string): SchemaProperty[] {
  const out: SchemaProperty[] = [];
  let budget = MAX_SCHEMA_NODES;
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (!isObject(node) || depth > MAX_SCHEMA_DEPTH || budget <= 0) return;
    budget--;
    const props = node.properties;
    if (isObject(props)) {
      for (const [name, child] of Object.entries(props)) {
        if (budget <= 0) return;
        const p = `${pointer}/properties/${escapePointer(name)}`;
        if (isObject(child)) {
          out.push({ name, pointer: p, schema: child });
          walk(child, p, depth + 1);
        }
      }
    }
    if (isObject(node.items)) walk(node.items, `${pointer}/items`, depth + 1);
  };
  walk(schema, basePointer, 0);
  return out;
}

export function textFields(server: ScannedServer): TextField[] {
  const fields: TextField[] = [];
  if (server.instructions) fields.push({ kind: 'instructions', tool: null, toolIndex: null, pointer: '/instructions', text: server.instructions });
  server.tools.forEach((tool, i) => {
    const base = `/tools/${i}`;
    fields.push({ kind: 'tool_name', tool: tool.name, toolIndex: i, pointer: `${base}/name`, text: tool.name });
    if (tool.title) fields.push({ kind: 'title', tool: tool.name, toolIndex: i, pointer: `${base}/title`, text: tool.title });
    if (tool.description) fields.push({ kind: 'description', tool: tool.name, toolIndex: i, pointer: `${base}/description`, text: tool.description });
    for (const schemaKey of ['inputSchema', 'outputSchema'] as const) {
      for (const prop of schemaProperties(tool[schemaKey], `${base}/${schemaKey}`)) {
        fields.push({ kind: 'param_name', tool: tool.name, toolIndex: i, pointer: prop.pointer, text: prop.name });
        for (const key of ['description', 'title', 'default'] as const) {
          const v = prop.schema[key];
          if (typeof v === 'string' && v) fields.push({ kind: 'param_description', tool: tool.name, toolIndex: i, pointer: `${prop.pointer}/${key}`, text: v });
        }
      }
    }
  });
  server.prompts.forEach((p, i) => {
    if (p.description) fields.push({ kind: 'prompt', tool: null, toolIndex: null, pointer: `/prompts/${i}/description`, text: p.description });
  });
  server.resources.forEach((r, i) => {
    if (r.description) fields.push({ kind: 'resource', tool: null, toolIndex: null, pointer: `/resources/${i}/description`, text: r.description });
  });
  return fields;
}

/** Longest text a regex rule looks at in one field: beyond it a rule would only cost time, never hang. */
export const MAX_FIELD_CHARS = 64 * 1024;

/** Lower-case, whitespace collapsed, capped: what the phrase rules match against. */
export function normalise(text: string): string {
  return text.slice(0, MAX_FIELD_CHARS).toLowerCase().replace(/\s+/g, ' ');
}

/** A matched span as the user sees it: trimmed and bounded. */
export function excerpt(text: string, max = 200): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
