// What an audit row stores for a call's parameters: the canonical JSON in full when small and shallow,
// else a bounded summary with the SHA-256 of the whole; it never throws, whatever the value.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/engine/audit/audit-log';
import { MAX_RECORDED_DEPTH, recordedJson } from '../../../src-main/engine/audit/recorded-json';
import { verifyAuditChain } from '../../../src-main/engine/audit/verify';
import { ManualClock } from '../../../src-main/engine/clock';
import { openDatabase } from '../../../src-main/engine/db/open';
import { SqlRunner } from '../../../src-main/engine/db/sql';
import { testLogger } from '../../support/test-logger';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}

describe('recordedJson', () => {
  it('stores a small value whole, as canonical JSON (sorted keys, so key order does not change it)', () => {
    expect(recordedJson({ reason: 'r', device_id: 'cam-01', n: [1, 2.5, null] })).toBe('{"device_id":"cam-01","n":[1,2.5,null],"reason":"r"}');
    expect(recordedJson({ b: 1, a: { d: 2, c: 3 } })).toBe(recordedJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('summarises a value nested 100,000 deep (which JSON.stringify cannot write) with the hash of its whole text', () => {
    const value = nested(100_000, 'leaf');
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const whole = `${'{"k":'.repeat(100_000)}"leaf"${'}'.repeat(100_000)}`;
    const stored = JSON.parse(recordedJson(value)) as Record<string, unknown>;
    expect(stored).toEqual({ truncated: true, reason: 'size and depth', chars: whole.length, max_depth: 100_000, sha256: sha256(whole), head: whole.slice(0, 4096) });
  });

  it('summarises a small value only because it is deeper than the limit', () => {
    const whole = `${'{"k":'.repeat(MAX_RECORDED_DEPTH + 1)}1${'}'.repeat(MAX_RECORDED_DEPTH + 1)}`;
    expect(JSON.parse(recordedJson(nested(MAX_RECORDED_DEPTH + 1, 1)))).toMatchObject({ truncated: true, reason: 'depth', chars: whole.length, sha256: sha256(whole), head: whole });
    expect(recordedJson(nested(MAX_RECORDED_DEPTH, 1))).toBe(`${'{"k":'.repeat(MAX_RECORDED_DEPTH)}1${'}'.repeat(MAX_RECORDED_DEPTH)}`);
  });

  it('does not count brackets inside strings as depth', () => {
    expect(recordedJson({ text: '[[[[{{{{'.repeat(100) })).toBe(JSON.stringify({ text: '[[[[{{{{'.repeat(100) }));
  });

  it('never throws: cycles, lone surrogates, BigInt and NaN are recorded as well as they can be', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(JSON.parse(recordedJson(cyclic))).toMatchObject({ unserializable: true, reason: expect.stringMatching(/ircular/) });
    // RFC 8785 refuses a lone surrogate; JSON.stringify escapes it, and that text is kept.
    expect(JSON.parse(recordedJson({ s: 'a\uD800b' }))).toEqual({ s: 'a\uD800b' });
    expect(JSON.parse(recordedJson({ n: 10n }))).toMatchObject({ unserializable: true });
    expect(recordedJson({ n: Number.NaN })).toBe('{"n":null}');
    const deepSurrogate = nested(100_000, '\uD800');
    expect(JSON.parse(recordedJson(deepSurrogate))).toMatchObject({ unserializable: true, reason: expect.stringMatching(/surrogate/) });
  });

  it('lets AuditLog.append record anything as params or detail, and the chain still verifies', () => {
    const db = openDatabase(':memory:');
    const audit = new AuditLog(new SqlRunner(db, testLogger), new ManualClock(Date.UTC(2026, 4, 21)));
    const deep = nested(100_000, 'x');
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    const row = audit.append({ actor: { type: 'cli', id: 'tester' }, action: 'test.deep', params: deep, outcome: 'error', detail: cyclic });
    expect(JSON.parse(row.params)).toMatchObject({ truncated: true, max_depth: 100_000 });
    expect(JSON.parse(row.detail!)).toMatchObject({ unserializable: true });
    audit.append({ actor: { type: 'cli', id: 'tester' }, action: 'test.after', params: undefined, outcome: 'ok' });
    expect(verifyAuditChain(audit.store, audit.key)).toEqual({ ok: true, rows: 2 });
  });
});
