// JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of each operation's input and output, from
// its zod schemas (zod 4's toJSONSchema), computed once: the REST door coerces query strings by them
// and the OpenAPI document is built from them.
import { z } from 'zod';
import type { Operation } from '@shared/contract/define';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  [key: string]: unknown;
}

const cache = new WeakMap<z.ZodType, { input?: JsonSchema; output?: JsonSchema }>();

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // Transforms and refinements have no JSON Schema: they are checked by zod on the way in anyway.
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function cached(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  let entry = cache.get(schema);
  if (!entry) cache.set(schema, (entry = {}));
  return (entry[io] ??= convert(schema, io));
}

export const inputSchema = (op: Operation): JsonSchema => cached(op.input, 'input');
export const outputSchema = (op: Operation): JsonSchema => cached(op.output, 'output');

/** The JSON types a (sub)schema admits, looking through anyOf/oneOf (nullable and optional fields). */
export function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  if (typeof schema.type === 'string') types.add(schema.type);
  else if (Array.isArray(schema.type)) for (const t of schema.type) types.add(t);
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const t of typesOf(sub)) types.add(t);
  if (types.size === 0 && schema.enum) for (const v of schema.enum) types.add(v === null ? 'null' : typeof v);
  return types;
}
