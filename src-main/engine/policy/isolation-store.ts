// The one owner of device_isolations: one row per quarantine, holding what a release needs (the policy set
// in force before, restored on release) and what the quarantine applied (its management path, where the path
// came from, what screening dropped). isolate_device and release_device write it inside their audited change.
import type { z } from 'zod';
import type { isolateDeviceResultSchema } from '@shared/contract/operations/policy-isolate-device';
import { sql, type SqlRunner } from '../db/sql';

type IsolateResult = z.output<typeof isolateDeviceResultSchema>;

/** A policy in force before a quarantine, restored on release when it still is. */
export interface PolicyRef { policy_id: string; version: number }

export interface IsolationRow {
  id: number; device_id: string; policy_id: string; isolated_at: number;
  /** JSON: the management path applied (string[]). */
  management: string;
  management_source: IsolateResult['management_path_source'];
  /** JSON: what screening dropped from the path, with why. */
  management_dropped: string;
  /** JSON: PolicyRef[]. */
  previous_policies: string;
}

export interface NewIsolation {
  device_id: string; policy_id: string; isolated_at: number; management: readonly string[]; management_source: IsolateResult['management_path_source'];
  management_dropped: IsolateResult['management_path_dropped']; previous_policies: readonly PolicyRef[]; reason: string | null;
}

export class IsolationStore {
  constructor(private readonly sql: SqlRunner) {}

  /** The device's quarantine in force, if any. */
  open(deviceId: string): IsolationRow | undefined {
    return this.sql.get<IsolationRow>(sql`SELECT * FROM device_isolations WHERE device_id = ${deviceId} AND released_at IS NULL`, 'isolations.open');
  }

  insert(i: NewIsolation): void {
    this.sql.run(sql`INSERT INTO device_isolations (device_id, policy_id, isolated_at, management, management_source, management_dropped, previous_policies, reason)
      VALUES (${i.device_id}, ${i.policy_id}, ${i.isolated_at}, ${JSON.stringify(i.management)}, ${i.management_source}, ${JSON.stringify(i.management_dropped)}, ${JSON.stringify(i.previous_policies)}, ${i.reason})`, 'isolations.insert');
  }

  release(id: number, at: number, reason: string | null): void {
    this.sql.run(sql`UPDATE device_isolations SET released_at = ${at}, release_reason = ${reason} WHERE id = ${id}`, 'isolations.release');
  }
}
