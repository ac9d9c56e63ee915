// Recomputes and stores the posture of a set of entities in one transaction: devices and workloads
// from their own state, then the users active on any of those devices (a user's posture inherits its
// devices'), then the fleet row from the stored aggregate. One audit entry records the run.
import type { Actor } from '@shared/domain/actor';
import type { EntityType } from '@shared/domain/enums';
import type { AuditLog } from '../audit/audit-log';
import type { SqlRunner } from '../db/sql';
import type { Inventory } from '../inventory/inventory';
import { assessEntity, assessUser } from './assess-entity';
import type { StateLoader } from './entity-state';
import type { Factor, ScoreCap } from './factor';
import type { FleetQueries } from './fleet-posture';
import { FLEET_ID, type PostureStore } from './posture-store';
import type { PostureWeights } from './weights';

interface DeviceAssessment { factors: Factor[]; cap: ScoreCap | null }

/** A user is "active on" a device it authenticated on within this window. */
export const USER_ACTIVE_WINDOW_MS = 30 * 24 * 3_600_000;
export const POSTURE_ACTOR: Actor = { type: 'system', id: 'posture' };

export interface RecomputeSummary { entities: number; changed: number; ms: number }
export type RefSets = Record<EntityType, Set<string>>;

export class Recomputer {
  constructor(
    private readonly sql: SqlRunner,
    private readonly inventory: Pick<Inventory, 'usersActiveOn' | 'activeDevicesOf'>,
    private readonly loader: StateLoader,
    private readonly store: PostureStore,
    private readonly fleet: FleetQueries,
    private readonly audit: AuditLog,
  ) {}

  /** The devices each user is active on (authenticated on within USER_ACTIVE_WINDOW_MS). */
  devicesOf(userIds: readonly string[], now: number): Map<string, string[]> {
    const out = new Map<string, string[]>(userIds.map((u) => [u, []]));
    for (const r of this.inventory.activeDevicesOf(userIds, now - USER_ACTIVE_WINDOW_MS)) {
      out.get(r.user_id)?.push(r.device_id);
    }
    return out;
  }

  /** `alongside` runs in the same audited transaction (the sweep's bookkeeping). */
  run(refs: RefSets, now: number, weights: PostureWeights, action: string, alongside?: () => void): RecomputeSummary {
    const start = performance.now();
    let entities = 0;
    let changed = 0;
    const tx = this.sql.db.transaction(() => {
      for (const type of ['device', 'workload'] as const) {
        for (const s of this.loader.load(type, [...refs[type]], now).values()) {
          entities++;
          if (this.store.write(type, s.id, assessEntity(s, weights, now), now)) changed++;
        }
      }
      const users = new Set(refs.user);
      if (refs.device.size) for (const u of this.inventory.usersActiveOn([...refs.device], now - USER_ACTIVE_WINDOW_MS)) users.add(u);
      const userStates = this.loader.load('user', [...users], now);
      const devicesOf = this.devicesOf([...userStates.keys()], now);
      const deviceFactors = this.deviceFactors([...new Set([...devicesOf.values()].flat())], now, weights);
      for (const s of userStates.values()) {
        entities++;
        const devices = (devicesOf.get(s.id) ?? []).filter((d) => deviceFactors.has(d)).map((d) => ({ id: d, ...(deviceFactors.get(d) as DeviceAssessment) }));
        if (this.store.write('user', s.id, assessUser(s, devices, weights, now), now)) changed++;
      }
      this.store.write('fleet', FLEET_ID, this.fleet.aggregate(weights), now);
      alongside?.();
      if (entities > 0 || alongside) this.audit.append({ actor: POSTURE_ACTOR, action, params: { entities }, outcome: 'ok', detail: { changed } });
    });
    if (this.sql.db.inTransaction) tx();
    else tx.immediate();
    return { entities, changed, ms: performance.now() - start };
  }

  /** Stored factors and caps of the devices (assessing, and storing, any device that has no row yet). */
  private deviceFactors(ids: string[], now: number, weights: PostureWeights): Map<string, DeviceAssessment> {
    const stored = this.store.getMany('device', ids);
    const out = new Map<string, DeviceAssessment>([...stored].map(([id, p]) => [id, { factors: p.factors, cap: p.cap }]));
    const missing = ids.filter((id) => !stored.has(id));
    for (const s of this.loader.load('device', missing, now).values()) {
      const a = assessEntity(s, weights, now);
      this.store.write('device', s.id, a, now);
      out.set(s.id, { factors: a.factors, cap: a.cap });
    }
    return out;
  }
}
