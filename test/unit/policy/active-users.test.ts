// Which user is active on a device (policy/active-users.ts), as one process keeps it while another writes
// into the same database: a login another process records is seen at its next question, but another
// process's policy commits (the console blocking destinations during an ingest) do not make it reread
// every login; its own logins are in the map already.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceRecordSchema, userRecordSchema } from '@shared/domain/inventory';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { T0, HOUR, call } from './helpers';

let dir: string | undefined;
const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function twoProcesses(): { ingest: Engine; console: Engine } {
  dir = mkdtempSync(join(tmpdir(), 'threatmatic-active-users-'));
  const ingest = Engine.open({ dataDir: dir, clock: new ManualClock(T0), log: testLogger });
  ingest.db.transaction(() => {
    ingest.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'ws-1', device_type: 'workstation', ip_addresses: ['10.0.1.20'], trust_level: 'verified' }));
    ingest.inventory.upsertUser(userRecordSchema.parse({ user_id: 'sarah', mfa_enrolled: true }));
    ingest.inventory.upsertUser(userRecordSchema.parse({ user_id: 'tom', mfa_enrolled: true }));
    ingest.inventory.recordUserDevice('sarah', 'ws-1', T0 - 2 * HOUR);
  })();
  const console = Engine.open({ dataDir: dir, clock: new ManualClock(T0), log: testLogger });
  open.push(ingest, console);
  return { ingest, console };
}

/** Counts the reads of every login (user_devices) by one engine. */
function countLoginReads(engine: Engine): () => number {
  let reads = 0;
  const inv = engine.inventory;
  const original = inv.userDeviceLinks.bind(inv);
  inv.userDeviceLinks = () => {
    reads++;
    return original();
  };
  return () => reads;
}

describe('the active user of each device, beside another process', () => {
  it('keeps its map while another process commits policies, and rereads it when another process records a login', () => {
    const { ingest, console } = twoProcesses();
    const reads = countLoginReads(ingest);
    const activeUser = () => {
      ingest.policy.index(); // what the violation observer asks before each batch
      return ingest.policy.activeUsers.of('ws-1');
    };
    expect(activeUser()).toBe('sarah');
    expect(reads()).toBe(1);

    // The console blocks destinations (policy commits in another connection): no reread.
    for (const d of ['203.0.113.5', '203.0.113.6', '203.0.113.7']) {
      call(console, 'policy.blockDestination', { destination: d, reason: 'test' });
      expect(activeUser()).toBe('sarah');
    }
    expect(reads()).toBe(1);

    // This process's own login: noted by the observer, no reread either.
    ingest.inventory.recordUserDevice('sarah', 'ws-1', T0 - HOUR);
    ingest.policy.activeUsers.note('ws-1', 'sarah', T0 - HOUR);
    call(console, 'policy.blockDestination', { destination: '203.0.113.8', reason: 'test' });
    expect(activeUser()).toBe('sarah');
    expect(reads()).toBe(1);

    // Another process records tom's later login on the same workstation: seen at the next question.
    console.inventory.recordUserDevice('tom', 'ws-1', T0 - 10 * 60_000);
    expect(activeUser()).toBe('tom');
    expect(reads()).toBe(2);
  });
});
