// new_external_destination: an established entity talks to an outside address it never used, that the
// rest of the fleet does not use either. Low severity, "monitor"; one open anomaly per entity collects
// the destinations, and at most max_per_day are reported per entity per day of data time.
import type { EntityStats } from '../baseline/entity-stats';
import { subject, type DetectContext, type Detector, type FlowFacts } from './types';

const DAY = 86_400_000;

export class NewExternalDestinationDetector implements Detector {
  readonly type = 'new_external_destination' as const;
  private readonly perDay = new Map<EntityStats, { day: number; reported: number; suppressed: number }>();

  onFlow(f: FlowFacts, ctx: DetectContext): void {
    const { s, dest, ev } = f;
    if (!f.isNew || dest.internal || !s.established) return;
    const c = ctx.cfg.new_destination;
    // Other entities already use it, by address or by name (the counts include this one by now): it is
    // known to the organisation, and a user visiting a site colleagues use is not worth a report.
    if (ctx.fleet.entities(dest.ip) - 1 >= c.org_known_min_entities) return;
    if (f.name !== undefined && ctx.fleet.nameEntities(f.name) - 1 >= c.org_known_min_entities) return;
    const day = Math.floor(ev.ts / DAY);
    let r = this.perDay.get(s);
    if (!r || r.day !== day) this.perDay.set(s, (r = { day, reported: 0, suppressed: 0 }));
    if (r.reported >= c.max_per_day) {
      r.suppressed++;
      return;
    }
    r.reported++;
    const label = f.name ? `${f.name} (${dest.ip})` : dest.ip;
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: 'low', confidence: 0.5, detected_at: ev.ts,
      description: `${subject(s)} contacted ${label}:${f.port}, an external destination not in its baseline`,
      recommended_action: 'monitor', observed_destinations: f.name ? [f.name] : [dest.ip],
      evidence: {
        destination: dest.ip, dns_name: f.name ?? null, port: f.port, bytes_out: ev.bytes_out ?? 0, fleet_entities: ctx.fleet.entities(dest.ip),
        new_today: r.reported, suppressed_today: r.suppressed, event_ids: [ev.id],
      },
    });
  }
}
