// Automatic checkpoints of the audit chain head: every N entries (only once they are committed), on
// the engine's scheduler (a ManualClock here: time is advanced, never waited for), and when a
// long-running process or one that wrote to the log closes; a process that only read writes none.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE } from '../../../src-main/engine/audit/audit-key';
import { CHECKPOINTS_FILE } from '../../../src-main/engine/audit/checkpoint-file';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const T0 = Date.UTC(2026, 4, 21, 9);
const actor = { type: 'cli' as const, id: 'alice' };

function open(dir: string, clock = new ManualClock(T0)) {
  const engine = Engine.open({ dataDir: dir, log: testLogger, clock, scheduler: clock, checkpoints: { everyEntries: 5, intervalMs: 60_000 } });
  return { engine, clock };
}
const write = (engine: Engine, n: number) => {
  for (let i = 0; i < n; i++) engine.audit.append({ actor, action: 'test.write', params: { i }, outcome: 'ok' });
};
const checkpoints = (dir: string) =>
  existsSync(join(dir, CHECKPOINTS_FILE)) ? readFileSync(join(dir, CHECKPOINTS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; reason: string; at: string; entries: number }) : [];
const tmp = () => mkdtempSync(join(tmpdir(), 'tm-checkpointer-'));

describe('automatic audit checkpoints', () => {
  it('writes one every N entries, after the transaction that added them commits, and never for one that rolled back', async () => {
    const dir = tmp();
    const { engine } = open(dir);
    write(engine, 4);
    await Promise.resolve();
    expect(checkpoints(dir)).toEqual([]);
    expect(() => engine.db.transaction(() => {
      write(engine, 3);
      throw new Error('the change failed');
    })()).toThrow('the change failed');
    await Promise.resolve();
    // The rolled-back rows 5-7 reached the threshold, but only the committed head (4) is anchored.
    expect(checkpoints(dir).map((c) => [c.seq, c.entries])).toEqual([[4, 4]]);
    engine.db.transaction(() => write(engine, 5))();
    await Promise.resolve();
    expect(checkpoints(dir).map((c) => [c.seq, c.entries, c.reason])).toEqual([[4, 4, 'entries'], [9, 9, 'entries']]);
    write(engine, 4);
    await Promise.resolve();
    expect(checkpoints(dir)).toHaveLength(2);
    expect(dispatch(engine, 'audit.verify', {}, { actor })).toMatchObject({ ok: true, entries: 13, unanchored: 4 });
    engine.close();
  });

  it('writes one on the scheduler period when the head moved, and a last one when a long-running process closes', () => {
    const dir = tmp();
    const { engine, clock } = open(dir);
    engine.startBackground({ detectors: false });
    write(engine, 3);
    clock.advance(59_999);
    expect(checkpoints(dir)).toEqual([]);
    clock.advance(1);
    // The engine's background tick runs on the same scheduler, just before the checkpoint due at the same
    // instant: its first posture sweep (entry 4, written by the engine itself) is anchored with the three.
    expect(engine.db.prepare('SELECT seq, action FROM audit_log WHERE seq > 3').all()).toEqual([{ seq: 4, action: 'posture.recompute_all' }]);
    expect(checkpoints(dir).map((c) => [c.seq, c.reason, c.at])).toEqual([[4, 'timer', new Date(T0 + 60_000).toISOString()]]);
    // Nothing new (the ticks in between have nothing to write until the hourly sweep): the next periods write nothing.
    clock.advance(180_000);
    expect(checkpoints(dir)).toHaveLength(1);
    write(engine, 1);
    clock.advance(60_000);
    expect(checkpoints(dir).map((c) => [c.seq, c.reason])).toEqual([[4, 'timer'], [5, 'timer']]);
    write(engine, 1);
    engine.close();
    expect(checkpoints(dir).at(-1)).toMatchObject({ seq: 6, reason: 'shutdown', entries: 6 });
    // Closed: its period no longer runs.
    clock.advance(600_000);
    expect(checkpoints(dir)).toHaveLength(3);
  });

  it('writes none for a process that only read, and one for a process that wrote when it closes', () => {
    const dir = tmp();
    const first = open(dir).engine;
    write(first, 2);
    first.close();
    expect(checkpoints(dir).map((c) => [c.seq, c.reason])).toEqual([[2, 'shutdown']]);
    const reader = open(dir).engine;
    dispatch(reader, 'audit.list', {}, { actor });
    dispatch(reader, 'audit.verify', {}, { actor });
    reader.close();
    expect(checkpoints(dir)).toHaveLength(1);
  });

  it('keeps the checkpoints of an in-memory database in memory, and verifies against them', () => {
    const clock = new ManualClock(T0);
    const engine = Engine.open({ log: testLogger, clock, scheduler: clock });
    write(engine, 3);
    // The request is entry 4, and the checkpoint covers it.
    expect(dispatch(engine, 'audit.checkpoint', {}, { actor })).toMatchObject({ checkpoint: { seq: 4, entries: 4, reason: 'manual' }, file: null });
    engine.db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    const report = dispatch(engine, 'audit.verify', {}, { actor });
    expect(report).toMatchObject({ ok: false, entries: 3, last_checkpoint: { seq: 4 }, problems: [{ kind: 'truncated', first_seq: 4, last_seq: 4, message: expect.stringMatching(/^entry 4 missing: chain ends at 3, checkpoint at 4/) }] });
    engine.close();
  });

  it('refuses to open a data folder whose audit key was damaged, naming the file', () => {
    const dir = tmp();
    open(dir).engine.close();
    writeFileSync(join(dir, AUDIT_KEY_FILE), 'not a key\n');
    expect(() => open(dir)).toThrow(`${join(dir, AUDIT_KEY_FILE)} is not a valid audit key (64 hex characters expected)`);
  });
});
