// The pipeline's bookkeeping tables: the generation of the derived tables (a fresh random value set by
// every transaction that writes roll-ups, destinations or baselines) and the firmware facts each device was last judged on.
import { randomInt } from 'node:crypto';
import type { Db } from '../db/open';
import type { InventoryFacts } from '../detect/types';

export interface FirmwareJudged { inventory: string; judged: InventoryFacts }

export class DerivedStateStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      generation: db.prepare('SELECT generation FROM derived_state WHERE id = 1').pluck(),
      lastOfflineCheck: db.prepare('SELECT last_offline_check FROM derived_state WHERE id = 1').pluck(),
      writes: db.prepare('SELECT writes FROM derived_state WHERE id = 1').pluck(),
      bump: db.prepare('UPDATE derived_state SET generation = ?, writes = writes + 1, last_offline_check = ? WHERE id = 1'),
      firmware: db.prepare('SELECT device_id, inventory, judged FROM device_firmware_judged').raw(),
      saveFirmware: db.prepare(`INSERT INTO device_firmware_judged (device_id, inventory, judged) VALUES (?, ?, ?)
        ON CONFLICT(device_id) DO UPDATE SET inventory = excluded.inventory, judged = excluded.judged`),
    };
  }

  generation(): number {
    return this.stmts.generation.get() as number;
  }

  /** The number the write in progress will get (call inside its transaction, before bump()). */
  nextWrite(): number {
    return (this.stmts.writes.get() as number) + 1;
  }

  lastOfflineCheck(): number {
    return this.stmts.lastOfflineCheck.get() as number;
  }

  /**
   * Marks a write of derived state; returns the new generation. Call inside the writing transaction.
   * Random rather than counted: after a transaction of ours rolls back, another process's next write
   * can never land on the value we expected, so the mismatch that makes us reload is never missed.
   */
  bump(lastOfflineCheck: number): number {
    const generation = randomInt(1, 2 ** 47);
    this.stmts.bump.run(generation, lastOfflineCheck);
    return generation;
  }

  firmware(): Map<string, FirmwareJudged> {
    const out = new Map<string, FirmwareJudged>();
    for (const [id, inventory, judged] of this.stmts.firmware.all() as [string, string, string][]) out.set(id, { inventory, judged: JSON.parse(judged) as InventoryFacts });
    return out;
  }

  saveFirmware(deviceId: string, f: FirmwareJudged): void {
    this.stmts.saveFirmware.run(deviceId, f.inventory, JSON.stringify(f.judged));
  }
}
