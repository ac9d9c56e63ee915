// Screening of management-path destinations. A destination is never on a management path when threat
// intel rates it malicious or suspicious (the destination itself, the name an address was seen answering
// for or an address a name resolved to, and for a range anything inside it or a flagged range holding it),
// or when an open anomaly of a device in scope names it. Whatever is configured: setting such an entry is
// refused with the reason, and at isolate time it is dropped with the reason reported.
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import { destinationCovers, parseDestination, type ParsedDestination } from './destination';

export interface ScreenSources {
  /** The verdict threat intel gives one IP, name, CIDR or pattern (most specific indicator, containing ranges included). */
  reputation(indicator: string): Reputation;
  /** The first flagged indicator speaking to an address of a (small) IPv4 range, from the in-memory index. */
  flaggedInIpv4Range(net: number, prefix: number): { value: string; reputation: Reputation } | null;
  /** Indicators of these kinds rated malicious or suspicious (names ending in `.<nameSuffix>` only, when given). */
  flagged(kinds: readonly IndicatorKind[], nameSuffix?: string): Iterable<{ kind: IndicatorKind; value: string; reputation: Reputation }>;
  /** Destinations named by open anomalies of these devices (every device with null). */
  anomalyDestinations(deviceIds: readonly string[] | null): { anomaly_id: string; device_id: string; type: string; destination: string }[];
  /** What DNS answers taught the behaviour pipeline: the addresses a name resolved to (newest first, at most `limit`)... */
  addressesOf(name: string, limit: number): string[];
  /** ... and the name an address answered for. */
  nameOf(ip: string): string | undefined;
}

export interface Dropped { destination: string; reason: string }

const FLAGGED = new Set<Reputation>(['malicious', 'suspicious']);
const MAX_EQUIVALENTS = 8;
/** A management path names hosts or a management subnet: broader ranges are refused (and screening stays cheap). */
const MIN_PATH_PREFIX = { v4: 16, v6: 48 } as const;

const overlaps = (a: ParsedDestination, b: ParsedDestination) => a.value === b.value || destinationCovers(a, b) || destinationCovers(b, a);

export class ManagementScreen {
  constructor(private readonly sources: ScreenSources) {}

  /** The destination and what DNS answers tie it to: a name's addresses, an address's name. */
  private equivalents(d: ParsedDestination): { value: string; via: string | null }[] {
    if (d.type === 'domain') return [{ value: d.value, via: null }, ...this.sources.addressesOf(d.value, MAX_EQUIVALENTS).map((ip) => ({ value: ip, via: `${d.value} resolved to ${ip}` }))];
    if (d.type === 'ip') {
      // DNS answers let a screen see through an address to the name it answered for.
      const name = this.sources.nameOf(d.value);
      return [{ value: d.value, via: null }, ...(name ? [{ value: name, via: `${d.value} answered for ${name}` }] : [])];
    }
    return [{ value: d.value, via: null }];
  }

  /** Why threat intel keeps this destination off a path, or null. */
  private intelReason(d: ParsedDestination): string | null {
    for (const e of this.equivalents(d)) {
      const rep = this.sources.reputation(e.value);
      if (FLAGGED.has(rep)) return `rated ${rep} by threat intel${e.via ? ` (${e.via})` : ''}`;
    }
    if (d.type !== 'cidr' && d.type !== 'domain_pattern') return null;
    // A range: any flagged indicator inside it, or a flagged range holding or overlapping it (exact lookups see neither).
    const hit = d.type === 'cidr' && d.v4
      ? this.sources.flaggedInIpv4Range(d.net as number, d.prefix)
      : this.firstOverlapping(d, d.type === 'cidr' ? this.sources.flagged(['ipv6', 'cidr6']) : this.sources.flagged(['domain', 'domain_suffix', 'hostname'], d.suffix));
    if (!hit) return null;
    const p = parseDestination(hit.value);
    const inside = !('error' in p) && p.value !== d.value && destinationCovers(d, p);
    return `${inside ? `contains ${hit.value}, ` : `${hit.value} is `}rated ${hit.reputation} by threat intel`;
  }

  private firstOverlapping(d: ParsedDestination, candidates: Iterable<{ value: string; reputation: Reputation }>): { value: string; reputation: Reputation } | null {
    for (const c of candidates) {
      const p = parseDestination(c.value);
      if (!('error' in p) && overlaps(d, p)) return c;
    }
    return null;
  }

  /** Screens a list: what stays, and what is dropped with the reason. Anomalies count for the given devices (all with null). */
  screen(destinations: readonly string[], deviceIds: readonly string[] | null): { kept: string[]; dropped: Dropped[] } {
    const named = this.sources.anomalyDestinations(deviceIds)
      .map((a) => ({ ...a, parsed: parseDestination(a.destination) }))
      .filter((a): a is typeof a & { parsed: ParsedDestination } => !('error' in a.parsed));
    const kept: string[] = [];
    const dropped: Dropped[] = [];
    for (const destination of destinations) {
      const d = parseDestination(destination);
      if ('error' in d) {
        dropped.push({ destination, reason: d.error });
        continue;
      }
      if (d.type === 'cidr' && d.prefix < (d.v4 ? MIN_PATH_PREFIX.v4 : MIN_PATH_PREFIX.v6)) {
        dropped.push({ destination, reason: `a range broader than /${d.v4 ? MIN_PATH_PREFIX.v4 : MIN_PATH_PREFIX.v6} is not a management path (name its hosts or a management subnet)` });
        continue;
      }
      const intel = this.intelReason(d);
      if (intel) {
        dropped.push({ destination, reason: intel });
        continue;
      }
      const hit = this.equivalents(d).flatMap((e) => {
        const p = parseDestination(e.value);
        return 'error' in p ? [] : named.filter((a) => overlaps(p, a.parsed)).map((a) => ({ a, via: e.via }));
      })[0];
      if (hit) dropped.push({ destination, reason: `named by open anomaly ${hit.a.anomaly_id} (${hit.a.type}) on ${hit.a.device_id}${hit.a.destination !== destination ? `: ${hit.a.destination}` : ''}${hit.via ? ` (${hit.via})` : ''}` });
      else kept.push(destination);
    }
    return { kept, dropped };
  }
}
