// Password brute force: a burst of failed sign-ins for one user from one external source, sometimes ending in success.
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ATTACKER_COUNTRIES } from '../catalog';
import { auth } from '../event-builders';
import { attackerIp, infraIp } from '../network-plan';
import { NoVictimError, zoneTime, type AttackContext, type AttackOutcome } from './types';

export function bruteforce(ctx: AttackContext): AttackOutcome {
  const { rng } = ctx;
  const candidates = ctx.fleet.users.filter((u) => u.record.enabled && !ctx.taken.has(u.record.user_id));
  if (candidates.length === 0) throw new NoVictimError('the simulated fleet has no enabled user to attack (add --users)');
  const victim = rng.pick(candidates);
  ctx.taken.add(victim.record.user_id);
  let source = attackerIp(ctx.seed, 'bruteforce');
  if (source === attackerIp(ctx.seed, 'c2')) source = attackerIp(ctx.seed, 'bruteforce-2');
  const country = rng.pick(ATTACKER_COUNTRIES);
  const failures = rng.int(40, 120);
  const succeeded = rng.chance(0.5);
  const start = zoneTime(ctx, 0.4, 0.8);
  const e = { ip: source, agent: false };
  const events: TelemetryEvent[] = [];
  let t = start;
  // Against the VPN portal: the attacker's address, the target user, no device of ours involved.
  const at = (outcome: 'success' | 'failure') => events.push({ ...auth(e, t, victim.record.user_id, outcome, 'password', country), dst_ip: infraIp.vpnGateway, dst_port: 443 });
  for (let i = 0; i < failures; i++) {
    at('failure');
    t += rng.int(3000, 15_000);
  }
  if (succeeded) at('success');
  return {
    label: {
      attack: 'bruteforce', entity_type: 'user', entity_id: victim.record.user_id, start_ts: start, end_ts: events[events.length - 1].ts,
      detail: { source_ip: source, country, failures, succeeded, method: 'password', target: infraIp.vpnGateway },
    },
    events,
  };
}
