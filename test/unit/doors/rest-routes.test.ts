// The route table the /api/v1 door is generated from: matching, precedence, and declarations it refuses.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation, READ_ONLY, type Operation } from '@shared/contract/define';
import { RouteTable } from '../../../src-main/doors/http/rest/rest-routes';
import { coerce } from '../../../src-main/doors/http/rest/rest-input';
import { decodeOffset, encodeOffset } from '../../../src-main/doors/http/rest/rest-paging';

const op = (name: string, method: 'GET' | 'POST', path: string): Operation =>
  defineOperation({ name, rest: { method, path }, title: name, description: `${name} for the test`, scope: 'read', annotations: READ_ONLY, input: z.object({ id: z.string().optional() }), output: z.object({}) });

describe('RouteTable', () => {
  const table = new RouteTable([op('a.get', 'GET', '/api/v1/things/{id}'), op('a.special', 'GET', '/api/v1/things/special'), op('a.make', 'POST', '/api/v1/things')]);

  it('matches {name} segments as decoded input fields, and prefers a literal segment', () => {
    expect(table.match('GET', '/api/v1/things/a%2Fb')).toMatchObject({ ok: true, route: { op: { name: 'a.get' } }, params: { id: 'a/b' } });
    expect(table.match('GET', '/api/v1/things/special')).toMatchObject({ ok: true, route: { op: { name: 'a.special' } } });
    expect(table.match('GET', '/api/v1/things/x/')).toMatchObject({ ok: true, params: { id: 'x' } });
  });

  it('tells a wrong method (with the methods allowed) from no route', () => {
    expect(table.match('DELETE', '/api/v1/things')).toEqual({ ok: false, reason: 'method_not_allowed', allow: ['POST'] });
    expect(table.match('GET', '/api/v1/nothing')).toEqual({ ok: false, reason: 'not_found' });
    expect(table.match('GET', '/api/v1/things/%E0%A4%A')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('refuses two operations on one route, and a path outside /api/v1', () => {
    expect(() => new RouteTable([op('a.one', 'GET', '/api/v1/x/{id}'), op('a.two', 'GET', '/api/v1/x/{other}')])).toThrow(/same route/);
    expect(() => new RouteTable([op('a.one', 'GET', '/v2/x')])).toThrow(/must start with \/api\/v1/);
  });
});

describe('query coercion and cursors', () => {
  it('turns query text into the schema\'s type, and leaves what does not fit for the schema to refuse', () => {
    expect(coerce('12', { type: 'integer' })).toBe(12);
    expect(coerce('lots', { type: 'integer' })).toBe('lots');
    expect(coerce('true', { type: 'boolean' })).toBe(true);
    expect(coerce('12', { type: 'string' })).toBe('12');
    expect(coerce('5', { anyOf: [{ type: 'number' }, { type: 'null' }] })).toBe(5);
  });

  it('hands out opaque offset cursors and refuses any it did not', () => {
    expect(decodeOffset(encodeOffset(150))).toBe(150);
    expect(() => decodeOffset('bzE1MA')).not.toThrow();
    expect(() => decodeOffset('garbage')).toThrow(/cursor/);
    expect(() => decodeOffset(Buffer.from('o-1').toString('base64url'))).toThrow(/cursor/);
  });
});
