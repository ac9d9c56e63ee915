// A rescore of the whole fleet must not keep another process's writer (the console's action while a
// CLI ingest rescored, or the other way round) out of the database: states are read and scored outside
// any write transaction, and rows written a part at a time. Deterministic, no timing: a second engine
// on the same file, with no busy wait at all, makes an analyst's change every time the rescoring
// engine reads the next part of the fleet. When the rescore held the write lock over its reads (as it
// once did, for seconds on a loaded machine), every one of those changes failed with SQLITE_BUSY.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { WRITE_CHUNK } from '../../src-main/engine/posture/recompute';
import { testLogger } from '../support/test-logger';
import { addHealthyDevice, T0 } from '../unit/posture/fixtures';

const analyst = { type: 'analyst', id: 'local', name: 'test' } as const;
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a full posture rescore and another process writing', () => {
  it("lets the other process's actions in between its parts: none meets a locked database", () => {
    dir = mkdtempSync(join(tmpdir(), 'threatmatic-rescore-lock-'));
    const clock = new ManualClock(T0);
    const rescoring = Engine.open({ dataDir: dir, clock, log: testLogger });
    // The console's process: it does not wait for the lock at all, so any overlap with a write transaction fails.
    const consoleSide = Engine.open({ dataDir: dir, clock, log: testLogger, busyTimeoutMs: 0 });
    try {
      const devices = WRITE_CHUNK * 2 + 17;
      for (let i = 0; i < devices; i++) addHealthyDevice(rescoring, `dev-${String(i).padStart(4, '0')}`);
      const outcomes: string[] = [];
      let n = 0;
      const read = rescoring.inventory.postureFacts.bind(rescoring.inventory);
      vi.spyOn(rescoring.inventory, 'postureFacts').mockImplementation((type, ids) => {
        try {
          consoleSide.policy.blockDestination({ destination: `203.0.113.${++n}`, reason: 'seen during a rescore' }, analyst);
          outcomes.push('applied');
        } catch (err) {
          outcomes.push(String((err as { code?: string }).code ?? err));
        }
        return read(type, ids);
      });

      const summary = rescoring.posture.recomputeAll();
      expect(summary.entities).toBe(devices);
      // Every action got in; there was one per part of devices read (and the workloads and users).
      expect(outcomes.filter((o) => o !== 'applied')).toEqual([]);
      expect(outcomes.length).toBeGreaterThanOrEqual(3);
      expect(consoleSide.db.prepare("SELECT COUNT(*) FROM policies WHERE kind = 'block'").pluck().get()).toBe(outcomes.length);
      // Every row was written, and the run is on the audit log once.
      expect(rescoring.db.prepare("SELECT COUNT(*) FROM posture WHERE entity_type = 'device'").pluck().get()).toBe(devices);
      expect(rescoring.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'posture.recompute_all'").pluck().get()).toBe(1);
    } finally {
      consoleSide.close();
      rescoring.close();
    }
  });
});
