// Who a set of policy rules reaches: the devices, users, workloads and agents its rules decide for. This
// is the one reading of a rule's identity selector for "who is affected": the blast radius every policy
// change reports counts it, and the editor's live preview of a draft (policy.preview) names it.
// A device rule reaches the device and its active user; a user rule the user and the devices where they
// are the active user (that is how evaluate_access applies user rules to traffic); a rule with no
// identity_type the whole fleet (and every agent: evaluate_access reads fleet rules for agents too).
// App rules reach no inventoried identity; agent rules reach agents only.
import type { BlastRadius, PolicyRule } from '@shared/contract/operations/policy-schemas';
import type { PolicyContext } from './policy-context';

interface AffectedIdentities {
  devices: Set<string>;
  users: Set<string>;
  workloads: Set<string>;
  /** Agents named by agent rules; `every` says whether a rule reaches every agent. */
  agents: Set<string>;
  everyAgent: boolean;
  fleetWide: boolean;
}

export function affectedIdentities(svc: Pick<PolicyContext, 'inventory' | 'activeUsers'>, ...ruleSets: readonly (readonly PolicyRule[])[]): AffectedIdentities {
  const { inventory } = svc;
  const active = svc.activeUsers;
  const out: AffectedIdentities = { devices: new Set(), users: new Set(), workloads: new Set(), agents: new Set(), everyAgent: false, fleetWide: false };
  const { devices, users, workloads } = out;
  const addDevice = (id: string) => {
    devices.add(id);
    const u = active.of(id);
    if (u !== undefined) users.add(u);
  };
  const addUser = (id: string) => {
    users.add(id);
    for (const d of active.devicesOf(id)) if (active.of(d) === id) devices.add(d);
  };
  const every = { device: false, user: false, workload: false };
  for (const rule of ruleSets.flat()) {
    const { identity_type: type, identity_id: id } = rule;
    if (type === null) {
      out.fleetWide = out.everyAgent = true;
      every.device = every.user = every.workload = true;
    } else if (type === 'device') {
      if (id) addDevice(id);
      else every.device = true;
    } else if (type === 'user') {
      if (id) addUser(id);
      else every.user = true;
    } else if (type === 'workload') {
      if (id) workloads.add(id);
      else every.workload = true;
    } else if (type === 'agent') {
      if (id) out.agents.add(id);
      else out.everyAgent = true;
    }
  }
  if (every.device) inventory.ids('device').forEach(addDevice);
  if (every.user) {
    const all = inventory.ids('user');
    all.forEach((u) => users.add(u));
    // Every user: the devices where any of them is the active user, read from the in-memory active-user
    // map (one lookup per device) rather than one devicesOf query per user, so a user-wide rule over a
    // large fleet stays a single pass. The same set addUser would give for each user in turn.
    const known = new Set(all);
    for (const d of every.device ? [] : inventory.ids('device')) {
      const u = active.of(d);
      if (u !== undefined && known.has(u)) devices.add(d);
    }
  }
  if (every.workload) inventory.ids('workload').forEach((w) => workloads.add(w));
  return out;
}

/** The counts of what the rules reach, as a policy change reports them. */
export function radiusOf(a: AffectedIdentities): BlastRadius {
  return { devices: a.devices.size, users: a.users.size, workloads: a.workloads.size, fleet_wide: a.fleetWide };
}

export function blastRadius(svc: Pick<PolicyContext, 'inventory' | 'activeUsers'>, ...ruleSets: readonly (readonly PolicyRule[])[]): BlastRadius {
  return radiusOf(affectedIdentities(svc, ...ruleSets));
}

/** The radius of a change to one identity (a release, a restore, a repeat that changed nothing). */
export function identityRadius(svc: PolicyContext, type: 'device' | 'user', id: string): BlastRadius {
  return blastRadius(svc, [{ identity_type: type, identity_id: id, action: 'monitor', destination: null }]);
}
