// What the policy actions (isolate, block, suspend, custom policies, expiry, access evaluation, the
// nftables export, blast radius) need from the policy service: a narrow interface the service implements.
// The action files depend on this type, not on policy-service.ts, which imports them to bind them.
import type { Actor } from '@shared/domain/actor';
import type { EntityType } from '@shared/domain/enums';
import type { Clock } from '../clock';
import type { Inventory } from '../inventory/inventory';
import type { ActiveUsers } from './active-users';
import type { DecisionIndex } from './decision-index';
import type { IsolationStore } from './isolation-store';
import type { ManagementPaths } from './management-path';
import type { PolicyRow, PolicyStore } from './policy-store';

/** One decision change: becomes a `policy` event and an enforcement delivery. */
interface DecisionChange {
  /** The tool-level verb: isolate_device, block_destination, expire, … */
  action: string;
  policy: PolicyRow;
  target: Record<string, unknown>;
  reason: string | null;
  entity: { type: EntityType; id: string } | null;
  notify?: boolean;
}

export interface Outcome<T> { result: T; changes: DecisionChange[] }

/** Expiry runs as the system, not as whoever happens to read. */
export const EXPIRY_ACTOR: Actor = { type: 'system', id: 'policy-expiry' };

/** The inventory questions policy asks: does an identity exist, its addresses, every id of a kind, display names. */
type PolicyInventory = Pick<Inventory, 'getDevice' | 'getWorkload' | 'exists' | 'ids' | 'names'>;

export interface PolicyContext {
  readonly clock: Clock;
  readonly inventory: PolicyInventory;
  readonly store: PolicyStore;
  readonly isolations: IsolationStore;
  readonly paths: Pick<ManagementPaths, 'resolve'>;
  readonly activeUsers: Pick<ActiveUsers, 'of' | 'devicesOf'>;
  /** Whether an agent of the AI asset registry has this id (agent rules and evaluate_access name agents). */
  agentExists(id: string): boolean;
  /** The decision index over the policies in force (rebuilt when they changed, here or in another process). */
  index(): DecisionIndex;
  /**
   * Runs one audited change: the writes, a `policy` event and an enforcement delivery per decision
   * change, and the audit entry, in one immediate transaction; sending starts after commit.
   */
  commit<T>(actor: Actor, action: string, params: unknown, change: (now: number) => Outcome<T>, detail?: (result: T) => unknown): T;
}
