// The pipeline's bookkeeping tables: the generation of the derived tables (a fresh random value set by
// every transaction that writes roll-ups, destinations or baselines) and the firmware facts each device was last judged on.
import { randomInt } from 'node:crypto';
import { sql, type SqlRunner } from '../db/sql';
import type { InventoryFacts } from '../detect/types';

export interface FirmwareJudged { inventory: string; judged: InventoryFacts }

export class DerivedStateStore {
  constructor(private readonly db: SqlRunner) {}

  generation(): number {
    return this.db.value<number>(sql`SELECT generation FROM derived_state WHERE id = 1`, 'derived_state.generation')!;
  }

  /** The number the write in progress will get (call inside its transaction, before bump()). */
  nextWrite(): number {
    return this.db.value<number>(sql`SELECT writes FROM derived_state WHERE id = 1`, 'derived_state.writes')! + 1;
  }

  /** Forgets when devices were last checked for silence (the rebuild replays every event, so the next check starts afresh). */
  resetOfflineCheck(): void {
    this.db.run(sql`UPDATE derived_state SET last_offline_check = 0 WHERE id = 1`, 'derived_state.resetOfflineCheck');
  }

  /** Forgets the firmware judgements (the rebuild judges every device again). */
  clearFirmware(): void {
    this.db.run(sql`DELETE FROM device_firmware_judged`, 'derived_state.clearFirmware');
  }

  lastOfflineCheck(): number {
    return this.db.value<number>(sql`SELECT last_offline_check FROM derived_state WHERE id = 1`, 'derived_state.last_offline_check')!;
  }

  /**
   * Marks a write of derived state; returns the new generation. Call inside the writing transaction.
   * Random rather than counted: after a transaction of ours rolls back, another process's next write
   * can never land on the value we expected, so the mismatch that makes us reload is never missed.
   */
  bump(lastOfflineCheck: number): number {
    const generation = randomInt(1, 2 ** 47);
    this.db.run(sql`UPDATE derived_state SET generation = ${generation}, writes = writes + 1, last_offline_check = ${lastOfflineCheck} WHERE id = 1`, 'derived_state.bump');
    return generation;
  }

  firmware(): Map<string, FirmwareJudged> {
    const out = new Map<string, FirmwareJudged>();
    for (const r of this.db.all<{ device_id: string; inventory: string; judged: string }>(sql`SELECT device_id, inventory, judged FROM device_firmware_judged`, 'derived_state.firmware')) {
      out.set(r.device_id, { inventory: r.inventory, judged: JSON.parse(r.judged) as InventoryFacts });
    }
    return out;
  }

  saveFirmware(deviceId: string, f: FirmwareJudged): void {
    this.db.run(sql`INSERT INTO device_firmware_judged (device_id, inventory, judged) VALUES (${deviceId}, ${f.inventory}, ${JSON.stringify(f.judged)})
      ON CONFLICT(device_id) DO UPDATE SET inventory = excluded.inventory, judged = excluded.judged`, 'derived_state.save_firmware');
  }
}
