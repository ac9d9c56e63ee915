// Recomputes and stores the posture of a set of entities: devices and workloads from their own state,
// then the users active on any of those devices (a user's posture inherits its devices'), then the
// fleet row from the stored aggregate. One audit entry records the run.
//
// The write lock is held only to write: states are read and scored first, outside any transaction,
// and the rows written WRITE_CHUNK at a time, each part its own short transaction, so a rescore of the
// whole fleet never keeps another process (an ingest, the console's action) waiting for long. Rows are
// derived state: a part written before a later part fails is correct on its own, and what the failed
// part left is rescored again (the queue keeps it; the hourly sweep repairs the rest). Called inside a
// caller's transaction, everything happens in that transaction as before.
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
const USER_ACTIVE_WINDOW_MS = 30 * 24 * 3_600_000;
const POSTURE_ACTOR: Actor = { type: 'system', id: 'posture' };

export interface RecomputeSummary {
  entities: number; changed: number;
  /** Wall time of the whole run. */
  ms: number;
  /** The longest single write transaction of the run (what another writer may have waited). */
  lockMs: number;
}
/** Rows written per write transaction when the run is not inside a caller's transaction. */
export const WRITE_CHUNK = 200;

interface Scored { type: EntityType; id: string; assessment: ReturnType<typeof assessEntity> }
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

  /** `alongside` runs in the transaction of the fleet row and the audit entry (the sweep's bookkeeping). */
  run(refs: RefSets, now: number, weights: PostureWeights, action: string, alongside?: () => void): RecomputeSummary {
    const start = performance.now();
    const inside = this.sql.db.inTransaction;
    let entities = 0;
    let changed = 0;
    let lockMs = 0;
    /** Runs `fn` in its own immediate transaction, or in the caller's. */
    const write = (fn: () => void) => {
      if (inside) return fn();
      this.sql.turns.yieldTurn();
      const t = performance.now();
      this.sql.db.transaction(fn).immediate();
      lockMs = Math.max(lockMs, performance.now() - t);
    };
    const store = (scored: Scored[]) => {
      for (let i = 0; i < scored.length; i += WRITE_CHUNK) {
        const part = scored.slice(i, i + WRITE_CHUNK);
        write(() => {
          for (const r of part) if (this.store.write(r.type, r.id, r.assessment, now)) changed++;
        });
        entities += part.length;
      }
    };
    for (const type of ['device', 'workload'] as const) {
      const ids = [...refs[type]];
      for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
        store([...this.loader.load(type, ids.slice(i, i + WRITE_CHUNK), now).values()].map((s) => ({ type, id: s.id, assessment: assessEntity(s, weights, now) })));
      }
    }
    const users = new Set(refs.user);
    if (refs.device.size) for (const u of this.inventory.usersActiveOn([...refs.device], now - USER_ACTIVE_WINDOW_MS)) users.add(u);
    const userStates = this.loader.load('user', [...users], now);
    const devicesOf = this.devicesOf([...userStates.keys()], now);
    const deviceFactors = this.deviceFactors([...new Set([...devicesOf.values()].flat())], now, weights, write);
    store([...userStates.values()].map((s) => {
      const devices = (devicesOf.get(s.id) ?? []).filter((d) => deviceFactors.has(d)).map((d) => ({ id: d, ...(deviceFactors.get(d) as DeviceAssessment) }));
      return { type: 'user' as const, id: s.id, assessment: assessUser(s, devices, weights, now) };
    }));
    write(() => {
      this.store.write('fleet', FLEET_ID, this.fleet.aggregate(weights), now);
      alongside?.();
      if (entities > 0 || alongside) this.audit.append({ actor: POSTURE_ACTOR, action, params: { entities }, outcome: 'ok', detail: { changed } });
    });
    const ms = performance.now() - start;
    return { entities, changed, ms, lockMs: inside ? ms : lockMs };
  }

  /** Stored factors and caps of the devices (assessing, and storing, any device that has no row yet). */
  private deviceFactors(ids: string[], now: number, weights: PostureWeights, write: (fn: () => void) => void): Map<string, DeviceAssessment> {
    const stored = this.store.getMany('device', ids);
    const out = new Map<string, DeviceAssessment>([...stored].map(([id, p]) => [id, { factors: p.factors, cap: p.cap }]));
    const missing = ids.filter((id) => !stored.has(id));
    const scored = [...this.loader.load('device', missing, now).values()].map((s) => ({ id: s.id, a: assessEntity(s, weights, now) }));
    for (let i = 0; i < scored.length; i += WRITE_CHUNK) {
      const part = scored.slice(i, i + WRITE_CHUNK);
      write(() => {
        for (const { id, a } of part) this.store.write('device', id, a, now);
      });
    }
    for (const { id, a } of scored) out.set(id, { factors: a.factors, cap: a.cap });
    return out;
  }
}
