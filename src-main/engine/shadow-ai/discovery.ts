// Discovery: turns network events into AI service sightings. DNS queries, HTTP hosts (proxies, Zeek http,
// Suricata http) and TLS SNI are classified by name; a DNS answer of a known service remembers the
// addresses it gave to that device, so the device's later flows to them count as that service's
// traffic (bytes up). Aggregated per batch: one row per service, channel, device and user.
import type { EntityType } from '@shared/domain/enums';
import type { SightingSource } from '@shared/domain/shadow-ai';
import { UNKNOWN_SERVICE_PREFIX } from '@shared/domain/shadow-ai';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { agentUserAgent, normalizeHost, type HostClassifier } from './classifier';
import { HOUR_MS, type SightingDelta } from './shadow-ai-store';

export type DiscoveryEvent = TelemetryEvent & { entity_type: EntityType | null; entity_id: string | null };

interface Candidate { domain: string; host: string; reason: string; first: number; last: number; count: number }
export interface Deltas {
  sightings: Map<string, SightingDelta>;
  timeline: Map<string, { service_id: string; source: SightingSource; hour: number; count: number; bytes_up: number }>;
  candidates: Map<string, Candidate>;
}

/** Addresses remembered from DNS answers, per device: bounded, oldest dropped first. */
const MAX_ADDRESSES = 100_000;

export function emptyDeltas(): Deltas {
  return { sightings: new Map(), timeline: new Map(), candidates: new Map() };
}

export function addSighting(d: Deltas, s: Omit<SightingDelta, 'first' | 'last' | 'count'> & { ts: number; count?: number }): void {
  const key = `${s.service_id}\u0000${s.channel}\u0000${s.source}\u0000${s.entity_id}\u0000${s.user_id}`;
  const n = s.count ?? 1;
  const cur = d.sightings.get(key);
  if (cur) {
    if (s.ts < cur.first) cur.first = s.ts;
    if (s.ts > cur.last) cur.last = s.ts;
    cur.count += n;
    cur.bytes_up += s.bytes_up;
  } else {
    d.sightings.set(key, { service_id: s.service_id, channel: s.channel, source: s.source, entity_type: s.entity_type, entity_id: s.entity_id, user_id: s.user_id, first: s.ts, last: s.ts, count: n, bytes_up: s.bytes_up, host: s.host });
  }
  const hour = Math.floor(s.ts / HOUR_MS) * HOUR_MS;
  const tkey = `${s.service_id}\u0000${s.source}\u0000${hour}`;
  const t = d.timeline.get(tkey);
  if (t) {
    t.count += n;
    t.bytes_up += s.bytes_up;
  } else d.timeline.set(tkey, { service_id: s.service_id, source: s.source, hour, count: n, bytes_up: s.bytes_up });
}

export class Discovery {
  /** Address → device → the service its DNS answer named (two levels: a flow to any other address costs one lookup). */
  private readonly addresses = new Map<string, Map<string, { service_id: string; channel: string; host: string }>>();
  private remembered = 0;

  constructor(private readonly classifier: HostClassifier) {}

  collect(events: Iterable<DiscoveryEvent>, into: Deltas = emptyDeltas()): Deltas {
    for (const ev of events) this.one(ev, into);
    return into;
  }

  private one(ev: DiscoveryEvent, d: Deltas): void {
    let name: string | undefined;
    switch (ev.kind) {
      case 'dns': name = ev.query; break;
      case 'http': name = ev.host ?? (ev.url?.includes('://') ? normalizeHost(ev.url) : undefined); break;
      case 'tls': name = ev.server_name; break;
      case 'flow': return this.flow(ev, d);
      default: return;
    }
    if (!name) return;
    const host = name.includes(':') || name.endsWith('.') || name.includes('/') ? normalizeHost(name) : name;
    const c = this.classifier.classify(host, ev.kind === 'http' ? agentUserAgent(ev.user_agent) : null);
    if (c === null) return;
    const entity = ev.entity_id ?? '';
    const base = { source: 'network' as const, entity_type: ev.entity_type ?? '', entity_id: entity, user_id: ev.user_id ?? '', ts: ev.ts, bytes_up: ev.bytes_out ?? 0, host };
    if (c.known) {
      addSighting(d, { ...base, service_id: c.service.id, channel: c.channel });
      if (ev.kind === 'dns' && ev.answers && entity) {
        for (const a of ev.answers) {
          if (this.remembered >= MAX_ADDRESSES) {
            // Bounded: the oldest address is forgotten with all its devices.
            const oldest = this.addresses.keys().next().value as string;
            this.remembered -= this.addresses.get(oldest)?.size ?? 0;
            this.addresses.delete(oldest);
          }
          let byDevice = this.addresses.get(a);
          if (!byDevice) this.addresses.set(a, (byDevice = new Map()));
          if (!byDevice.has(entity)) this.remembered++;
          byDevice.set(entity, { service_id: c.service.id, channel: c.channel, host });
        }
      }
      return;
    }
    addSighting(d, { ...base, service_id: `${UNKNOWN_SERVICE_PREFIX}${c.domain}`, channel: 'web' });
    const cand = d.candidates.get(c.domain);
    if (cand) {
      cand.count++;
      if (ev.ts < cand.first) cand.first = ev.ts;
      if (ev.ts > cand.last) cand.last = ev.ts;
    } else d.candidates.set(c.domain, { domain: c.domain, host, reason: c.reason, first: ev.ts, last: ev.ts, count: 1 });
  }

  private flow(ev: DiscoveryEvent, d: Deltas): void {
    if (!ev.entity_id || !ev.dst_ip) return;
    const hit = this.addresses.get(ev.dst_ip)?.get(ev.entity_id);
    if (!hit) return;
    addSighting(d, {
      service_id: hit.service_id, channel: hit.channel, source: 'network', entity_type: ev.entity_type ?? '', entity_id: ev.entity_id,
      user_id: ev.user_id ?? '', ts: ev.ts, bytes_up: ev.bytes_out ?? 0, host: hit.host,
    });
  }
}
