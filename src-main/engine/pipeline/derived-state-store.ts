// The pipeline's bookkeeping tables: the generation of the derived tables (bumped by every transaction
// that writes roll-ups, destinations or baselines) and the firmware facts each device was last judged on.
import type { Db } from '../db/open';
import type { InventoryFacts } from '../detect/types';

export interface FirmwareJudged { inventory: string; judged: InventoryFacts }

export class DerivedStateStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      generation: db.prepare('SELECT generation FROM derived_state WHERE id = 1').pluck(),
      lastOfflineCheck: db.prepare('SELECT last_offline_check FROM derived_state WHERE id = 1').pluck(),
      bump: db.prepare('UPDATE derived_state SET generation = generation + 1, last_offline_check = ? WHERE id = 1 RETURNING generation').pluck(),
      firmware: db.prepare('SELECT device_id, inventory, judged FROM device_firmware_judged').raw(),
      saveFirmware: db.prepare(`INSERT INTO device_firmware_judged (device_id, inventory, judged) VALUES (?, ?, ?)
        ON CONFLICT(device_id) DO UPDATE SET inventory = excluded.inventory, judged = excluded.judged`),
    };
  }

  generation(): number {
    return this.stmts.generation.get() as number;
  }

  lastOfflineCheck(): number {
    return this.stmts.lastOfflineCheck.get() as number;
  }

  /** Marks a write of derived state; returns the new generation. Call inside the writing transaction. */
  bump(lastOfflineCheck: number): number {
    return this.stmts.bump.get(lastOfflineCheck) as number;
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
