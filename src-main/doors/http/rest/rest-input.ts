// Builds an operation's input from a REST request: `{name}` path segments, then the query string (GET,
// DELETE) or the JSON body (the rest). Query values are strings, so each is turned into the type the
// operation's schema wants (number, boolean, repeated for arrays); a value that does not fit is left
// as sent, and the operation's own zod check then refuses it naming the field. Unknown query
// parameters are refused, naming them, rather than silently ignored.
import type { IncomingMessage } from 'node:http';
import { invalid } from '../../../engine/errors';
import { DEFAULT_BODY_LIMIT, readJsonBody } from '../json-body';
import { isMultipart, readMultipartBody } from './multipart-body';
import { inputSchema, typesOf, type JsonSchema } from './json-schemas';
import { decodeOffset, hiddenInput, pagingOf } from './rest-paging';
import type { RestRoute } from './rest-routes';

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/** One query or path value as the schema's type, or the string itself when it does not parse as one. */
export function coerce(raw: string, schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if ((types.has('integer') || types.has('number')) && NUMBER.test(raw)) return Number(raw);
  if (types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.has('null') && raw === 'null' && !types.has('string')) return null;
  return raw;
}

function fromQuery(route: RestRoute, query: URLSearchParams, input: Record<string, unknown>): void {
  const props = inputSchema(route.op).properties ?? {};
  const paging = pagingOf(route.op);
  const hidden = hiddenInput(paging);
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    if (name === 'cursor' && paging) {
      if (values.length > 1) throw invalid('cursor', 'give it once');
      if (paging.kind === 'offset') input.offset = decodeOffset(values[0]);
      else input[paging.input] = coerce(values[0], props[paging.input]);
      continue;
    }
    const schema = props[name];
    if (!schema || name === hidden || route.params.includes(name)) {
      const known = Object.keys(props).filter((k) => k !== hidden && !route.params.includes(k)).concat(paging ? ['cursor'] : []);
      throw invalid(name, `unknown query parameter${name === hidden ? ` (page with cursor and next_cursor instead)` : ''}; ${known.length ? `this route takes: ${known.join(', ')}` : 'this route takes none'}`);
    }
    if (typesOf(schema).has('array')) input[name] = values.map((v) => coerce(v, schema.items));
    else if (values.length > 1) throw invalid(name, 'give it once');
    else input[name] = coerce(values[0], schema);
  }
}

/** The operation's raw input (not yet checked by its schema: dispatch does that, naming the field). */
export async function readRestInput(req: IncomingMessage, route: RestRoute, params: Record<string, string>, query: URLSearchParams, bodyLimit?: number): Promise<Record<string, unknown>> {
  const props = inputSchema(route.op).properties ?? {};
  const input: Record<string, unknown> = {};
  if (route.method === 'GET' || route.method === 'DELETE') {
    fromQuery(route, query, input);
  } else {
    const first = query.keys().next();
    if (!first.done) throw invalid(first.value, `${route.method} ${route.path} takes its input in the JSON body, not the query string`);
    // A form upload (the spec's tech-stack import) gives its parts as fields; anything else is JSON.
    const body = isMultipart(req) ? await readMultipartBody(req, bodyLimit ?? DEFAULT_BODY_LIMIT) : await readJsonBody(req, bodyLimit);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'must be a JSON object');
    Object.assign(input, body);
  }
  for (const name of route.params) {
    const value = coerce(params[name], props[name]);
    if (name in input && input[name] !== value) throw invalid(name, `is given in the path as '${params[name]}' and differently in the body; give it once`);
    input[name] = value;
  }
  return input;
}
