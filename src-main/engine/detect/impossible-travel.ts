// impossible_travel: two successive successful logins of one user from countries too far apart for the
// time between them (faster than an airliner), using country centres — so neighbouring countries and
// same-country logins never trip it.
import type { AttributedEvent } from '@shared/domain/telemetry';
import { countryDistanceKm } from './country-centroids';
import { clamp01, fmtDuration, type DetectContext, type Detector } from './types';
import type { UserActivity } from './user-activity';

const MIN_DT_MS = 60_000;

export class ImpossibleTravelDetector implements Detector {
  readonly type = 'impossible_travel' as const;

  constructor(private readonly users: UserActivity) {}

  onEvent(ev: AttributedEvent, _s: unknown, ctx: DetectContext): void {
    if (ev.kind !== 'auth' || ev.outcome === 'failure' || ev.user_id === undefined || !ev.country) return;
    const prev = this.users.peek(ev.user_id)?.lastSuccess;
    if (!prev?.country || ev.ts < prev.ts) return;
    const to = ev.country.toUpperCase();
    if (prev.country === to) return;
    const km = countryDistanceKm(prev.country, to);
    const c = ctx.cfg.travel;
    if (km === null || km < c.min_distance_km) return;
    const dt = ev.ts - prev.ts;
    const speed = km / (Math.max(dt, MIN_DT_MS) / 3_600_000);
    if (speed <= c.max_speed_kmh) return;
    const fmtKm = Math.round(km).toLocaleString('en-US');
    ctx.report({
      entity_type: 'user', entity_id: ev.user_id, type: this.type, severity: speed > 5 * c.max_speed_kmh ? 'high' : 'medium',
      confidence: clamp01(0.6 + 0.3 * (1 - Math.exp(-(speed / c.max_speed_kmh - 1) / 2))), detected_at: ev.ts,
      description: `User ${ev.user_id} logged in from ${to} ${fmtDuration(dt)} after a login from ${prev.country} (${fmtKm} km apart, ${Math.round(speed).toLocaleString('en-US')} km/h)`,
      recommended_action: 'suspend_user', observed_destinations: [],
      evidence: {
        from_country: prev.country, to_country: to, from_ts: new Date(prev.ts).toISOString(), to_ts: new Date(ev.ts).toISOString(),
        distance_km: Math.round(km), speed_kmh: Math.round(speed), from_src: prev.src, to_src: ev.src_ip ?? null, device: ev.device_id ?? null, event_ids: [ev.id],
      },
    });
  }
}
