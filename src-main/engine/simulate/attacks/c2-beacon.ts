// C2 beaconing: one device calls a rare external host every ~60 s (±3 %) with small payloads, resolving its name as the TTL expires.
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { C2_TLDS, C2_WORDS } from '../catalog';
import { deviceEmitter, dns, flow } from '../event-builders';
import { attackerIp } from '../network-plan';
import { pickVictim, zoneTime, type AttackContext, type AttackOutcome } from './types';

const C2_INTERVAL_MS = 60_000;
const C2_JITTER = 0.03;
const HOUR = 3_600_000;

export function c2Beacon(ctx: AttackContext): AttackOutcome {
  const { rng } = ctx;
  const victim = pickVictim(ctx, rng.shuffle(['workstation', 'laptop', 'ip_camera'] as const));
  const domain = `${rng.pick(C2_WORDS)}-${rng.pick(C2_WORDS)}-${rng.hex(4)}.${rng.pick(C2_TLDS)}`;
  const ip = attackerIp(ctx.seed, 'c2');
  const e = deviceEmitter(victim);
  const start = zoneTime(ctx, 0.05, 0.3);
  const stop = start + Math.min(4 * HOUR, Math.floor((ctx.end - ctx.zoneStart) * 0.5));
  const events: TelemetryEvent[] = [];
  let beacons = 0;
  let t = start;
  for (; t < stop; t += Math.round(C2_INTERVAL_MS * (1 + rng.between(-C2_JITTER, C2_JITTER)))) {
    // The implant re-resolves its domain when the 5-minute TTL runs out, just before connecting.
    if (beacons % 5 === 0) events.push(dns(e, t - rng.int(20, 200), rng, domain, ip));
    events.push(flow(e, t, rng, { dst: ip, port: 443, out: rng.int(180, 420), in: rng.int(90, 900), ms: rng.int(80, 400) }));
    beacons++;
  }
  const last = events[events.length - 1].ts;
  const indicator = { reputation: 'malicious' as const, categories: ['c2_server'], threat_actors: [], first_seen: start, last_seen: last };
  return {
    label: {
      attack: 'c2-beacon', entity_type: 'device', entity_id: victim.record.device_id, start_ts: events[0].ts, end_ts: last,
      detail: { domain, ip, port: 443, interval_s: C2_INTERVAL_MS / 1000, jitter_pct: C2_JITTER * 100, beacons },
    },
    events,
    indicators: [{ value: ip, kind: 'ipv4', ...indicator }, { value: domain, kind: 'domain', ...indicator }],
  };
}
