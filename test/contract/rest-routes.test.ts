// The /api/v1 door is generated from the operation table: every operation has a route or a listed
// reason not to, every route is an operation's or one of the door's own, every list pages by cursor,
// and the OpenAPI document generated from the same schemas is valid OpenAPI 3.1.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { operations } from '@shared/contract/index';
import { UNPAGED_LISTS, WITHOUT_REST_ROUTE } from '@shared/contract/rest-exemptions';
import { buildOpenApi } from '../../src-main/doors/http/rest/openapi';
import { DOOR_ROUTES } from '../../src-main/doors/http/rest/rest-door';
import { outputSchema } from '../../src-main/doors/http/rest/json-schemas';
import { pagingOf } from '../../src-main/doors/http/rest/rest-paging';
import { RouteTable } from '../../src-main/doors/http/rest/rest-routes';

const table = new RouteTable();
const doc = buildOpenApi(table) as { paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>> };

describe('/api/v1 routes and operations', () => {
  it('gives every operation a route, except those listed with a reason (and only those)', () => {
    const without = Object.values(operations).filter((op) => !op.rest).map((op) => op.name).sort();
    expect(without).toEqual(Object.keys(WITHOUT_REST_ROUTE).sort());
    for (const reason of Object.values(WITHOUT_REST_ROUTE)) expect(reason.length).toBeGreaterThan(20);
  });

  it('serves no route without an operation: every documented path is an operation or one of the door routes', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, o]) => ({ key: `${method.toUpperCase()} ${path}`, id: o.operationId })));
    const fromOps = table.routes.map((r) => `${r.method} ${r.path}`);
    const door = DOOR_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented.map((d) => d.key).sort()).toEqual([...fromOps, ...door].sort());
    for (const d of documented) if (!door.includes(d.key)) expect(Object.hasOwn(operations, d.id), d.key).toBe(true);
  });

  it('puts every route under /api/v1, with {name} segments that are input fields, and the spec\'s names', () => {
    for (const r of table.routes) {
      expect(r.path.startsWith('/api/v1/')).toBe(true);
      const shape = r.op.input as unknown as { shape: Record<string, unknown> };
      for (const p of r.params) expect(Object.keys(shape.shape), `${r.path} {${p}}`).toContain(p);
      if (r.method === 'GET') expect(r.op.annotations.readOnly, r.op.name).toBe(true);
    }
    const byName = Object.fromEntries(table.routes.map((r) => [r.op.name, `${r.method} ${r.path}`]));
    expect(byName['posture.overview']).toBe('GET /api/v1/posture');
    expect(byName['posture.device']).toBe('GET /api/v1/posture/devices/{device_id}');
  });

  it('pages every list by cursor, except the short ones listed with a reason', () => {
    // A list: a GET of a collection (no {id} in the path) answered by an array and little else (total, a cursor).
    const isList = (props: Record<string, { type?: unknown }>) => Object.keys(props).length <= 3 && Object.values(props).some((p) => p.type === 'array');
    const lists = Object.values(operations).filter((op) => op.rest?.method === 'GET' && !op.rest.path.includes('{') && isList(outputSchema(op).properties ?? {}));
    expect(lists.map((op) => op.name)).toEqual(expect.arrayContaining(['inventory.listDevices', 'anomalies.search', 'incidents.list', 'policy.list', 'audit.list', 'approvals.list', 'events.read']));
    const unpaged = lists.filter((op) => !pagingOf(op)).map((op) => op.name).sort();
    expect(unpaged).toEqual(Object.keys(UNPAGED_LISTS).sort());
    for (const op of lists.filter((o) => pagingOf(o))) {
      const params = Object.values(doc.paths[op.rest!.path]).find((o) => o.operationId === op.name)!.parameters ?? [];
      expect(params.map((p) => p.name), op.name).toContain('cursor');
      expect(params.map((p) => p.name), op.name).not.toContain('offset');
    }
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc));
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('holds only JSON Schemas that compile under draft 2020-12 (the dialect of OpenAPI 3.1)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'doc', ...(doc as object) } as object);
    let count = 0;
    for (const item of Object.values(doc.paths)) {
      for (const o of Object.values(item)) {
        const schemas = [
          ...(o.parameters ?? []).map((p) => (p as { schema?: object }).schema),
          ...Object.values(o.responses).map((r) => (r as { content?: Record<string, { schema?: object }> }).content?.['application/json']?.schema),
        ].filter((s): s is object => s !== undefined && !('$ref' in s));
        for (const s of schemas) {
          expect(() => ajv.compile(s), o.operationId).not.toThrow();
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(50);
  });
});
