// get_audit_log's filters, each alone and together, through dispatch on a real engine: the audit store
// composes them into one WHERE clause, and a page boundary (before_seq) never repeats or skips an entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@shared/domain/actor';
import type { AuditOutcome } from '../../../src-main/engine/audit/audit-log';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const T0 = Date.UTC(2026, 4, 21, 9, 0, 0);
const alice: Actor = { type: 'analyst', id: 'alice' };
const agent: Actor = { type: 'mcp_agent', id: 'key_01', name: 'claude-code' };
const cli: Actor = { type: 'cli', id: 'root' };

let clock: ManualClock;
let engine: Engine;

// Ten entries, a minute apart: seq 1..10.
const ENTRIES: [Actor, string, AuditOutcome][] = [
  [alice, 'policy.isolateDevice', 'ok'],
  [agent, 'posture.device', 'ok'],
  [agent, 'policy.blockDestination', 'denied'],
  [cli, 'keys.create', 'ok'],
  [alice, 'policy.releaseDevice', 'ok'],
  [agent, 'policyish.other', 'ok'],
  [agent, 'policy.isolateDevice', 'pending'],
  [alice, 'anomalies.setStatus', 'error'],
  [cli, 'policy.create', 'ok'],
  [agent, 'posture.device', 'ok'],
];

beforeEach(() => {
  clock = new ManualClock(T0);
  engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
  for (const [actor, action, outcome] of ENTRIES) {
    engine.audit.append({ actor, action, params: {}, outcome });
    clock.advance(60_000);
  }
});
afterEach(() => engine.close());

const list = (input: Record<string, unknown>) => dispatch(engine, 'audit.list', input, { actor: alice });
const seqs = (input: Record<string, unknown>) => list(input).entries.map((e) => e.seq);

describe('audit.list filters', () => {
  it('returns every entry newest first with no filter', () => {
    expect(seqs({})).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('matches an actor by id, by agent name or by source', () => {
    expect(seqs({ actor: 'alice' })).toEqual([8, 5, 1]);
    expect(seqs({ actor: 'claude-code' })).toEqual([10, 7, 6, 3, 2]);
    expect(seqs({ actor: 'cli' })).toEqual([9, 4]);
  });

  it("matches an action exactly, or every action under a prefix ending in '.' (not a longer word)", () => {
    expect(seqs({ action: 'posture.device' })).toEqual([10, 2]);
    expect(seqs({ action: 'policy.' })).toEqual([9, 7, 5, 3, 1]);
    expect(seqs({ action: 'policy' })).toEqual([]);
  });

  it('filters by outcome and by time, and combines every filter', () => {
    expect(seqs({ outcome: 'pending' })).toEqual([7]);
    expect(seqs({ since: new Date(T0 + 7 * 60_000).toISOString() })).toEqual([10, 9, 8]);
    expect(seqs({ actor: 'key_01', action: 'policy.', outcome: 'denied' })).toEqual([3]);
    expect(seqs({ actor: 'key_01', action: 'policy.', since: new Date(T0 + 3 * 60_000).toISOString() })).toEqual([7]);
  });

  it('pages back with before_seq without repeating or skipping an entry', () => {
    const first = list({ limit: 4 });
    expect(first.entries.map((e) => e.seq)).toEqual([10, 9, 8, 7]);
    expect(first.next_before_seq).toBe(7);
    const second = list({ limit: 4, before_seq: first.next_before_seq });
    expect(second.entries.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    const last = list({ limit: 4, before_seq: second.next_before_seq });
    expect(last.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(last.next_before_seq).toBeNull();
    expect(seqs({ action: 'policy.', before_seq: 5, limit: 1 })).toEqual([3]);
  });

  it('reads each entry as written: source, actor, action, outcome and the chain hash', () => {
    const [e] = list({ outcome: 'denied' }).entries;
    expect(e).toMatchObject({ seq: 3, ts: new Date(T0 + 2 * 60_000).toISOString(), source: 'mcp_agent', actor_id: 'key_01', actor_name: 'claude-code', action: 'policy.blockDestination', params: {}, detail: null });
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
