// ids_alert: an IDS (Suricata, or any alert event) already judged the traffic; its severity maps to
// ours (Suricata 1 → high, 2 → medium, 3 and below → low; an alert on traffic from outside one step
// lower, severity 1 excepted, because the internet probes every exposed address all day) and repeats
// of one signature in one direction are one anomaly, updated, whatever the peers: a signature firing a
// thousand times is one finding listing its peers.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { Severity } from '@shared/domain/enums';
import type { EntityStats } from '../baseline/entity-stats';
import { isPrivateIp } from '../inventory/ip';
import { subject, type DetectContext, type Detector } from './types';

interface Pending { ev: AttributedEvent; s: EntityStats; count: number; ids: number[]; first: number; last: number; peers: Set<string>; outbound: boolean }

function idsSeverity(alertSeverity: number | undefined): Severity {
  if (alertSeverity === 1) return 'high';
  if (alertSeverity === 2) return 'medium';
  return 'low';
}

export class IdsAlertDetector implements Detector {
  readonly type = 'ids_alert' as const;
  private readonly pending = new Map<string, Pending>();

  onEvent(ev: AttributedEvent, s: EntityStats | null): void {
    if (!s || ev.kind !== 'alert' || ev.signature === undefined) return;
    // The peer is the other end of the alerted traffic, seen from the entity.
    const outbound = ev.src_ip === s.id || (ev.src_ip !== undefined && isPrivateIp(ev.src_ip) && (ev.dst_ip === undefined || !isPrivateIp(ev.dst_ip)));
    const peer = outbound ? ev.dst_ip : ev.src_ip;
    const key = `${s.type}:${s.id}:ids_alert:${ev.signature}:${outbound ? 'out' : 'in'}`;
    const p = this.pending.get(key);
    if (!p) this.pending.set(key, { ev, s, count: 1, ids: [ev.id], first: ev.ts, last: ev.ts, peers: new Set(peer ? [peer] : []), outbound });
    else {
      if (peer && p.peers.size < 20) p.peers.add(peer);
      p.count++;
      if (ev.ts < p.first) p.first = ev.ts;
      if (ev.ts > p.last) p.last = ev.ts;
      if (p.ids.length < 10) p.ids.push(ev.id);
      // The most severe rating of the signature wins.
      if ((ev.alert_severity ?? 9) < (p.ev.alert_severity ?? 9)) p.ev = ev;
    }
  }

  endBatch(ctx: DetectContext): void {
    for (const [key, p] of this.pending) {
      const { ev, s } = p;
      const { outbound } = p;
      const peers = [...p.peers];
      const fromOutside = !outbound && peers.length > 0 && peers.every((ip) => !isPrivateIp(ip));
      const severity = idsSeverity(fromOutside && ev.alert_severity !== 1 ? (ev.alert_severity ?? 3) + 1 : ev.alert_severity);
      const flow = `${ev.src_ip ?? '?'}${ev.src_port !== undefined ? `:${ev.src_port}` : ''} → ${ev.dst_ip ?? '?'}${ev.dst_port !== undefined ? `:${ev.dst_port}` : ''}${ev.proto ? `/${ev.proto}` : ''}`;
      ctx.report({
        entity_type: s.type, entity_id: s.id, type: this.type, severity, confidence: severity === 'high' ? 0.8 : 0.6, detected_at: p.first, last_seen_at: p.last,
        description: `IDS alert '${ev.signature}' (severity ${ev.alert_severity ?? '?'}) on ${subject(s)}: ${flow}${p.count > 1 ? `, ${p.count} times${peers.length > 1 ? ` with ${peers.length}${peers.length === 20 ? '+' : ''} peers` : ''}` : ''}`,
        // An alert on traffic the entity started points at a destination to block; one on traffic it received, at something to check.
        recommended_action: severity === 'high' && outbound && peers.some((ip) => !isPrivateIp(ip)) ? 'block_destination' : 'investigate',
        observed_destinations: peers,
        evidence: { signature: ev.signature, alert_severity: ev.alert_severity ?? null, direction: outbound ? 'outbound' : 'inbound', peers, alerts: p.count, event_ids: p.ids },
        dedupe_key: key,
      });
    }
    this.pending.clear();
  }
}
