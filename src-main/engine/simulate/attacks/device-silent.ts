// A device goes silent: every kind of telemetry from it stops partway through the window (power, tamper, or takeover).
import { pickVictim, zoneTime, type AttackContext, type AttackOutcome } from './types';

export function deviceSilent(ctx: AttackContext): AttackOutcome {
  const victim = pickVictim(ctx, ['hvac_sensor', 'environmental_sensor', 'ip_camera', 'badge_reader']);
  const from = zoneTime(ctx, 0.1, 0.5);
  return {
    label: {
      attack: 'device-silent', entity_type: 'device', entity_id: victim.record.device_id, start_ts: from, end_ts: ctx.end,
      detail: { device_type: victim.type, ip: victim.ip, silent_from: new Date(from).toISOString() },
    },
    silence: { device_id: victim.record.device_id, from },
  };
}
