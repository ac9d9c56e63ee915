// How many identities an action reached, as the operation reports it (also recorded in its audit entry).
import type { BlastRadius } from '@shared/contract/operations/policy-schemas';

export function BlastRadiusLine({ radius }: { radius: BlastRadius }) {
  const parts = [`${radius.devices} device${radius.devices === 1 ? '' : 's'}`, `${radius.users} user${radius.users === 1 ? '' : 's'}`, `${radius.workloads} workload${radius.workloads === 1 ? '' : 's'}`];
  return <p data-testid="blast-radius">Blast radius: {parts.join(', ')}{radius.fleet_wide ? ' (fleet-wide)' : ''}.</p>;
}
