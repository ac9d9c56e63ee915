// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the door checks with: one
// path item per operation's `rest` route (parameters from `{name}` segments and, for GET and DELETE,
// the query string; a JSON body for the rest), its answer, the cursor pagination, the errors, plus
// the door's own routes. Served at GET /api/v1/openapi.json and browsed at /docs.
import { operations } from '@shared/contract/index';
import type { Operation } from '@shared/contract/define';
import { ENFORCEMENT_WEBHOOK_PATH, enforcementReportDecisions } from '@shared/contract/operations/enforcement-report-decisions';
import { ENTITY_TYPES, EVENT_TYPES, SEVERITIES } from '@shared/domain/enums';
import { inputSchema, outputSchema, type JsonSchema } from './json-schemas';
import { hiddenInput, pagingOf } from './rest-paging';
import type { RestRoute, RouteTable } from './rest-routes';

export const OPENAPI_PATH = '/api/v1/openapi.json';

const ERROR_REF = { $ref: '#/components/responses/Error' };
const errorResponses = (codes: string[]) => Object.fromEntries(codes.map((c) => [c, ERROR_REF]));

const tagOf = (op: Operation) => op.name.split('.')[0];

function describeOp(op: Operation): string {
  const parts = [op.description, `Scope: \`${op.scope}\`.`];
  if (op.mcp) parts.push(`MCP tool: \`${op.mcp.tool}\`.`);
  if (op.changesAccess) parts.push('A key created with --require-approval has this call held for an analyst: the answer is then 202 with the approval.');
  return parts.join(' ');
}

function pathItem(route: RestRoute): Record<string, unknown> {
  const { op } = route;
  const input = inputSchema(op);
  const props = input.properties ?? {};
  const required = new Set(input.required ?? []);
  const paging = pagingOf(op);
  const hidden = hiddenInput(paging);
  const parameters: Record<string, unknown>[] = route.params.map((name) => ({ name, in: 'path', required: true, schema: props[name] ?? { type: 'string' }, ...(props[name]?.description ? { description: props[name].description } : {}) }));
  const query = route.method === 'GET' || route.method === 'DELETE';
  const bodyProps: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(props)) {
    if (route.params.includes(name) || name === hidden) continue;
    if (paging?.kind === 'keyset' && name === paging.input) continue;
    if (query) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}), ...(rest.type === 'array' ? { style: 'form', explode: true } : {}) });
    } else bodyProps[name] = schema;
  }
  if (paging) {
    const native = paging.kind === 'keyset' ? props[paging.input] : undefined;
    parameters.push({ name: 'cursor', in: 'query', required: false, schema: native ? { ...native, description: undefined } : { type: 'string' }, description: 'Where this page starts: next_cursor of the previous page; leave it out for the first page' });
  }
  let output = outputSchema(op);
  if (paging && !(paging.kind === 'keyset' && paging.output === 'next_cursor')) {
    const nextType = paging.kind === 'offset' ? { type: ['string', 'null'] } : output.properties?.[paging.output] ?? {};
    output = { ...output, properties: { ...output.properties, next_cursor: { ...nextType, description: 'Pass it as cursor for the next page; null on the last page' } }, required: [...(output.required ?? []), 'next_cursor'] };
  }
  const responses: Record<string, unknown> = { 200: { description: op.title, content: { 'application/json': { schema: output } } } };
  if (op.changesAccess) responses[202] = { description: 'Held for an analyst\'s approval (keys created with --require-approval)', content: { 'application/json': { schema: { $ref: '#/components/schemas/PendingApproval' } } } };
  Object.assign(responses, errorResponses(['400', '401', '403', ...(route.params.length ? ['404'] : []), ...(op.annotations.readOnly ? [] : ['409']), ...(query ? [] : ['413', '415']), '500', '503']));
  const bodyRequired = (input.required ?? []).filter((n) => n in bodyProps);
  return {
    operationId: op.name,
    summary: op.title,
    description: describeOp(op),
    tags: [tagOf(op)],
    ...(parameters.length ? { parameters } : {}),
    ...(query || Object.keys(bodyProps).length === 0 ? {} : { requestBody: { required: bodyRequired.length > 0, content: { 'application/json': { schema: { type: 'object', properties: bodyProps, ...(bodyRequired.length ? { required: bodyRequired } : {}), additionalProperties: false } } } } }),
    responses,
    'x-threatmatic-scope': op.scope,
    ...(op.changesAccess ? { 'x-threatmatic-changes-access': true } : {}),
  };
}

const enumParam = (name: string, values: readonly string[], description: string) => ({ name, in: 'query', required: false, schema: { type: 'string', enum: [...values] }, description });

function doorPaths(): Record<string, Record<string, unknown>> {
  return {
    '/healthz': {
      get: {
        operationId: 'door.healthz', summary: 'Health check', description: 'Answers 200 while the engine and its database are up. No key needed.', tags: ['door'], security: [],
        responses: { 200: { description: 'Up', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } } }, 503: { description: 'The database is not available' } },
      },
    },
    '/api/v1/openapi.json': {
      get: { operationId: 'door.openapi', summary: 'This document', description: 'The OpenAPI 3.1 document of this API. No key needed.', tags: ['door'], security: [], responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
    '/api/v1/signals/stream': {
      get: {
        operationId: 'door.signalsStream', summary: 'Live signal stream (SSE)', tags: ['door'],
        description: 'Server-Sent Events of the event log (anomalies, incidents, posture and policy changes, ingests). Each message is one event as JSON in `data`, with its cursor as the SSE `id`; reconnect with the Last-Event-ID header (or ?last_event_id=) to resume without loss or duplicates. `retry` is sent first; comment lines are heartbeats. Scope `read`. A browser EventSource, which cannot send headers, passes a stream token as ?token= (POST /api/v1/stream-tokens).',
        parameters: [
          enumParam('event_type', EVENT_TYPES, 'Only events of this type'),
          enumParam('severity', SEVERITIES, 'Only events of this severity'),
          enumParam('entity_type', ENTITY_TYPES, 'Only events about this kind of entity'),
          { name: 'entity_id', in: 'query', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Only events about this entity' },
          { name: 'last_event_id', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'Resume after this event id, where the Last-Event-ID header cannot be set' },
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'Resume after this event id (sent by EventSource on reconnect)' },
          { name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'A stream token instead of a key header' },
        ],
        security: [{ orgKey: [] }, { bearer: [] }, { streamToken: [] }],
        responses: { 200: { description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errorResponses(['400', '401', '403', '429']) },
      },
    },
    '/api/v1/stream-tokens': {
      post: {
        operationId: 'door.streamTokensCreate', summary: 'Mint a stream token', tags: ['door'],
        description: 'A short-lived token that opens /api/v1/signals/stream (and nothing else) for this key, passed as ?token=. Scope `read`.',
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { ttl_seconds: { type: 'integer', minimum: 10, maximum: 3600, default: 300 } }, additionalProperties: false } } } },
        responses: {
          201: { description: 'The token', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' }, expires_at: { type: 'string' }, purpose: { const: 'signals.stream' }, stream_url: { type: 'string' } }, required: ['token', 'expires_at', 'purpose', 'stream_url'] } } } },
          ...errorResponses(['400', '401', '403']),
        },
      },
    },
    [ENFORCEMENT_WEBHOOK_PATH]: {
      post: {
        operationId: 'door.enforcementWebhook', summary: 'Enforcement decisions from an agent gateway (HMAC-signed)', tags: ['door'], security: [],
        description: 'An enforcement endpoint (threatmatic enforcement add-endpoint) reports the decisions it made on agents\' tool calls: blocked, allowed, redacted, held. Headers: X-Threatmatic-Endpoint (the endpoint id), X-Threatmatic-Timestamp (Unix seconds, within 5 minutes), X-Threatmatic-Signature: sha256=<hex HMAC-SHA256(endpoint secret, "<timestamp>.<raw body>")>. Recorded into each agent\'s activity (blocked calls count against its score) and the live feed (ai_enforcement events).',
        parameters: [
          { name: 'X-Threatmatic-Endpoint', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-Threatmatic-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } },
          { name: 'X-Threatmatic-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { decisions: inputSchema(enforcementReportDecisions).properties?.decisions ?? { type: 'array' } }, required: ['decisions'] } } } },
        responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: outputSchema(enforcementReportDecisions) } } }, ...errorResponses(['400', '401', '404', '413']) },
      },
    },
  };
}

export function buildOpenApi(routes: RouteTable, version = '1'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = doorPaths();
  for (const route of routes.routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = pathItem(route);
  const tags = [...new Set(Object.values(operations).filter((op) => op.rest).map(tagOf))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Threatmatic API',
      version,
      description: 'Every operation of Threatmatic, generated from its contract. Send an API key (`threatmatic keys create`) as X-Org-Key or Authorization: Bearer; each key has the Permission Scopes it was made with. Errors are { error: { code, message, field } }. Lists page with cursor / next_cursor.',
    },
    servers: [{ url: '/' }],
    security: [{ orgKey: [] }, { bearer: [] }],
    tags: [...tags, { name: 'door' }],
    paths,
    components: {
      securitySchemes: {
        orgKey: { type: 'apiKey', in: 'header', name: 'X-Org-Key', description: 'An API key (tm_…)' },
        bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as a Bearer token' },
        streamToken: { type: 'apiKey', in: 'query', name: 'token', description: 'A stream token from POST /api/v1/stream-tokens (the signal stream only)' },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string', description: 'Stable machine code, e.g. invalid_input, unauthorized, forbidden, not_found, conflict' }, message: { type: 'string' }, field: { type: ['string', 'null'], description: 'The input field at fault, when one was' } },
              required: ['code', 'message', 'field'],
            },
          },
          required: ['error'],
        },
        PendingApproval: { type: 'object', properties: { status: { const: 'pending_approval' }, approval_id: { type: 'string' }, expires_at: { type: 'string' } }, required: ['status', 'approval_id', 'expires_at'] },
      },
      responses: { Error: { description: 'An error: code, message and the field at fault', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
  };
}
