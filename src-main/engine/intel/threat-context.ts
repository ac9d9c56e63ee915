// get_threat_context: which stored indicators speak to a value (the exact one and the most specific
// CIDR or *.suffix pattern covering it; for a URL also its host) and their merged context, read
// from SQLite by id. The most specific indicator gives the verdict, as in matching.
import type { ThreatContext } from '@shared/contract/index';
import type { IndicatorType, Reputation } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlRunner } from '../db/sql';
import { ipv4ToInt } from '../inventory/ip';
import { KIND_TYPE, type ParsedIndicator } from './indicator';
import type { MatchIndex } from './match-index';
import { mergeAll } from './merge';

/** Whether the policy engine blocks a destination fleet-wide; plugged in by the policy domain. */
export type BlockResolver = (indicator: string, type: IndicatorType) => { policy_id: string } | null;

interface Row { id: number; reputation: Reputation; categories: string; threat_actors: string; first_seen: number | null; last_seen: number | null }

export class ContextReader {
  constructor(private readonly q: SqlRunner) {}

  private idByValue(kind: string, value: string): number {
    return this.q.value<number>(sql`SELECT id FROM indicators WHERE kind = ${kind} AND value = ${value}`, 'intel.context.id') ?? 0;
  }

  /** Ids as one bound JSON array: the statement text stays the same whatever their number. */
  private rowsOf(ids: number[]): Row[] {
    return this.q.all<Row>(sql`SELECT id, reputation, categories, threat_actors, first_seen, last_seen FROM indicators WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, 'intel.context.rows');
  }

  private feedsOf(ids: number[]): number {
    return this.q.value<number>(sql`SELECT COUNT(DISTINCT feed) FROM indicator_sources WHERE indicator_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, 'intel.context.feeds') ?? 0;
  }

  /** Ids speaking to the value, most specific first (no duplicates, no zeros). */
  candidates(p: ParsedIndicator, ix: MatchIndex): number[] {
    const hostIds = (host: string): number[] => {
      if (ipv4ToInt(host) >= 0 || host.includes(':')) {
        const { exact, prefix } = ix.ipParts(host);
        return [exact, prefix];
      }
      return [ix.domains.findExact(host), ix.domains.findSuffix(host)];
    };
    let ids: number[];
    switch (p.kind) {
      case 'ipv4': case 'ipv6': case 'domain': case 'hostname': ids = hostIds(p.value); break;
      case 'cidr4': case 'cidr6': ids = [this.idByValue(p.kind, p.value)]; break;
      case 'domain_suffix': ids = [ix.domains.findPattern(p.value.slice(2)), ix.domains.findSuffix(p.value.slice(2))]; break;
      case 'md5': case 'sha1': case 'sha256': ids = [ix.hashId(p.value)]; break;
      case 'url': {
        const host = new URL(p.value).hostname;
        ids = [this.idByValue('url', p.value), ...hostIds(host.startsWith('[') ? host.slice(1, -1) : host)];
        break;
      }
    }
    return [...new Set(ids.filter((id) => id > 0))];
  }

  /** Listed IPv4 addresses and narrower CIDRs inside a queried IPv4 range (one pass over them; at most `limit`). */
  private inside(cidr: string, limit = 50): { indicator: string; reputation: Reputation }[] {
    const [net, lenText] = cidr.split('/');
    const len = Number(lenText);
    const start = ipv4ToInt(net);
    const end = start + 2 ** (32 - len) - 1;
    const out: { indicator: string; reputation: Reputation }[] = [];
    for (const r of this.q.iterate<{ kind: string; value: string; reputation: Reputation }>(sql`SELECT kind, value, reputation FROM indicators WHERE kind IN ('ipv4', 'cidr4') ORDER BY id`)) {
      const [v, l] = r.value.split('/');
      const at = ipv4ToInt(v);
      if (at < start || at > end || (r.kind === 'cidr4' && (Number(l) <= len || at + 2 ** (32 - Number(l)) - 1 > end))) continue;
      out.push({ indicator: r.value, reputation: r.reputation });
      if (out.length >= limit) break;
    }
    return out;
  }

  context(p: ParsedIndicator, ids: number[], blocks?: BlockResolver): ThreatContext {
    const type = KIND_TYPE[p.kind];
    const block = blocks?.(p.value, type) ?? null;
    const byId = new Map((ids.length ? this.rowsOf(ids) : []).map((r) => [r.id, r]));
    const rows = ids.map((id) => byId.get(id)).filter((r): r is Row => r !== undefined);
    const merged = mergeAll(rows.map((r) => ({ ...r, categories: JSON.parse(r.categories), threat_actors: JSON.parse(r.threat_actors) })));
    // Key order as in the spec's example response.
    return {
      indicator: p.value,
      type,
      reputation: rows.length ? rows[0].reputation : 'unknown',
      categories: merged.categories,
      threat_actors: merged.threat_actors,
      first_seen: isoOrNull(merged.first_seen),
      last_seen: isoOrNull(merged.last_seen),
      feed_sources: rows.length ? this.feedsOf(rows.map((r) => r.id)) : 0,
      blocked_in_fleet: block !== null,
      block_policy_id: block?.policy_id ?? null,
      ...(p.kind === 'cidr4' ? { listed_inside: this.inside(p.value) } : {}),
    };
  }
}
