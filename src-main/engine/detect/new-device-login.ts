// new_device_login: a user past their learning period logs in successfully on a device that is not
// among the devices they use. One anomaly per user and device.
import type { AttributedEvent } from '@shared/domain/telemetry';
import { type DetectContext, type Detector } from './types';
import { loginDevice, type UserActivity } from './user-activity';

const DAY = 86_400_000;

export class NewDeviceLoginDetector implements Detector {
  readonly type = 'new_device_login' as const;

  constructor(private readonly users: UserActivity) {}

  onEvent(ev: AttributedEvent, _s: unknown, ctx: DetectContext): void {
    if (ev.kind !== 'auth' || ev.outcome === 'failure' || ev.user_id === undefined) return;
    const device = loginDevice(ev);
    if (!device) return;
    const u = this.users.peek(ev.user_id);
    if (!u || u.devices.has(device) || u.devices.size === 0) return;
    if (ev.ts - u.firstSeen < ctx.cfg.new_device.learning_days * DAY) return;
    const usual = [...u.devices];
    const known = ctx.device(device);
    const where = known ? `${device}${known.device_type ? ` (${known.device_type})` : ''}` : `${device}, a device the inventory does not know`;
    ctx.report({
      entity_type: 'user', entity_id: ev.user_id, type: this.type, severity: known ? 'medium' : 'high', confidence: known ? 0.6 : 0.7, detected_at: ev.ts,
      description: `User ${ev.user_id} logged in on ${where}, not among their ${usual.length} usual device${usual.length === 1 ? '' : 's'} (${usual.slice(0, 3).join(', ')}${usual.length > 3 ? ', …' : ''})`,
      recommended_action: 'investigate', observed_destinations: [],
      evidence: { device, usual_devices: usual.slice(0, 10), method: ev.method ?? null, src_ip: ev.src_ip ?? null, country: ev.country ?? null, event_ids: [ev.id] },
      dedupe_key: `user:${ev.user_id}:new_device_login:${device}`,
    });
  }
}
