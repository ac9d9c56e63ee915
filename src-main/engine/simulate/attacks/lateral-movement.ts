// Lateral movement: a workstation sweeps many internal hosts it never talks to over SMB, RDP and WinRM within minutes.
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { deviceEmitter, flow } from '../event-builders';
import { pickVictim, zoneTime, type AttackContext, type AttackOutcome } from './types';

const PORTS = [445, 3389, 5985];

export function lateralMovement(ctx: AttackContext): AttackOutcome {
  const { rng } = ctx;
  const victim = pickVictim(ctx, ['workstation', 'laptop']);
  // Targets: other people's machines and application servers, never the DC, file or print servers it uses daily.
  const pool = ctx.fleet.devices.filter((d) => d !== victim && (d.type === 'workstation' || d.type === 'laptop' || (d.type === 'server' && !['dc', 'file', 'print'].includes(d.role ?? ''))));
  const targets = rng.shuffle(pool).slice(0, Math.min(pool.length, rng.int(14, 24)));
  const e = deviceEmitter(victim);
  const start = zoneTime(ctx, 0.35, 0.75);
  const events: TelemetryEvent[] = [];
  let t = start;
  for (const target of targets) {
    const ports = [445, ...(rng.chance(0.5) ? [3389] : []), ...(rng.chance(0.4) ? [5985] : [])];
    for (const port of ports) {
      const state = rng.weighted<string>([['SF', 35], ['S0', 40], ['REJ', 25]]);
      const ok = state === 'SF';
      events.push(flow(e, t, rng, { dst: target.ip, port, out: ok ? rng.int(1200, 9000) : 0, in: ok ? rng.int(800, 6000) : 0, ms: ok ? rng.int(40, 3000) : state === 'S0' ? 3000 : 1, state }));
      t += rng.int(1500, 14_000);
    }
  }
  return {
    label: {
      attack: 'lateral-movement', entity_type: 'device', entity_id: victim.record.device_id, start_ts: start, end_ts: t,
      detail: { src_ip: victim.ip, targets: targets.length, target_ips: targets.map((d) => d.ip), ports: PORTS, connections: events.length },
    },
    events,
  };
}
