// EOL firmware: a camera is rolled back to an end-of-life firmware version, reboots, and reports it from then on.
import { deviceEmitter, firmwareReport, heartbeat } from '../event-builders';
import { pickVictim, zoneTime, type AttackContext, type AttackOutcome } from './types';

export function eolFirmware(ctx: AttackContext): AttackOutcome {
  const { rng } = ctx;
  const victim = pickVictim(ctx, ['ip_camera', 'hvac_sensor', 'network_switch'], (d) => d.spec.eol.length > 0 && d.record.firmware_status !== 'eol');
  const version = rng.pick(victim.spec.eol);
  const at = zoneTime(ctx, 0.05, 0.4);
  const e = deviceEmitter(victim);
  return {
    label: {
      attack: 'eol-firmware', entity_type: 'device', entity_id: victim.record.device_id, start_ts: at, end_ts: ctx.end,
      detail: { manufacturer: victim.spec.manufacturer, model: victim.spec.model, from_version: victim.record.firmware_version, to_version: version },
    },
    // The reboot after the rollback: a heartbeat and a firmware report right away.
    events: [heartbeat(e, at), firmwareReport(e, at + 1500, version, victim.spec.manufacturer, victim.spec.model)],
    rollback: { device_id: victim.record.device_id, at, version },
    patch: { device_id: victim.record.device_id, fields: { firmware_version: version, firmware_status: 'eol' } },
  };
}
