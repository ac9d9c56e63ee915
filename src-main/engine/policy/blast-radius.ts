// The blast radius of a policy change: how many devices, users and workloads its rules decide for.
// A device rule reaches the device and its active user; a user rule the user and the devices where they
// are the active user (that is how evaluate_access applies user rules to traffic); a rule with no
// identity_type the whole fleet. App rules reach no inventoried identity.
import type { BlastRadius, PolicyRule } from '@shared/contract/operations/policy-schemas';
import type { PolicyContext } from './policy-context';

export function blastRadius(svc: PolicyContext, ...ruleSets: readonly (readonly PolicyRule[])[]): BlastRadius {
  const { inventory } = svc;
  const active = svc.activeUsers;
  const devices = new Set<string>();
  const users = new Set<string>();
  const workloads = new Set<string>();
  const addDevice = (id: string) => {
    devices.add(id);
    const u = active.of(id);
    if (u !== undefined) users.add(u);
  };
  const addUser = (id: string) => {
    users.add(id);
    for (const d of active.devicesOf(id)) if (active.of(d) === id) devices.add(d);
  };
  let fleetWide = false;
  const every = { device: false, user: false, workload: false };
  for (const rule of ruleSets.flat()) {
    const { identity_type: type, identity_id: id } = rule;
    if (type === null) {
      fleetWide = true;
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
    }
  }
  if (every.device) inventory.ids('device').forEach(addDevice);
  if (every.user) inventory.ids('user').forEach(addUser);
  if (every.workload) inventory.ids('workload').forEach((w) => workloads.add(w));
  return { devices: devices.size, users: users.size, workloads: workloads.size, fleet_wide: fleetWide };
}

/** The radius of a change to one identity (a release, a restore, a repeat that changed nothing). */
export function identityRadius(svc: PolicyContext, type: 'device' | 'user', id: string): BlastRadius {
  return blastRadius(svc, [{ identity_type: type, identity_id: id, action: 'monitor', destination: null }]);
}
