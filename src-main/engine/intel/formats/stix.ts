// STIX 2.1 bundles: indicators (their patterns, types, validity and the actors relationships tie
// them to) and the addresses / domains / URLs an infrastructure object consists of.
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import { parseTimestamp } from '@shared/domain/time';
import { invalid } from '../../errors';
import { emptyFeed, isObject, jsonLineIndex, skip, stringList, type ParseOptions, type ParsedFeed } from './feed-format';
import { StixGraph } from './stix-graph';
import { PatternError, parseStixPattern } from './stix-pattern';

const SCO_KIND: Record<string, IndicatorKind> = { 'ipv4-addr': 'ipv4', 'ipv6-addr': 'ipv6', 'domain-name': 'domain', url: 'url' };

/** indicator_types → verdict; the default covers types that say nothing about it ("unknown", custom). */
function reputationOf(types: string[], fallback: Reputation): Reputation {
  const t = types.map((x) => x.toLowerCase());
  if (t.some((x) => x === 'malicious-activity' || x === 'compromised' || x === 'attribution')) return 'malicious';
  if (t.some((x) => x === 'anomalous-activity' || x === 'anonymization')) return 'suspicious';
  if (t.length > 0 && t.every((x) => x === 'benign')) return 'benign';
  return fallback;
}

const time = (v: unknown): number | undefined => {
  const t = parseTimestamp(v);
  return Number.isFinite(t) ? t : undefined;
};

export function parseStix(doc: unknown, text: string, opts: ParseOptions): ParsedFeed {
  if (!isObject(doc) || doc.type !== 'bundle') {
    const what = isObject(doc) ? `a single '${String(doc.type ?? 'untyped')}' object` : Array.isArray(doc) ? 'a JSON array' : 'not an object';
    throw invalid('file', `not a STIX 2.1 bundle: the top level is ${what}; expected {"type": "bundle", "objects": [...]}`);
  }
  if (!Array.isArray(doc.objects)) throw invalid('file', 'STIX bundle has no "objects" array');
  const feed = emptyFeed();
  const lineOf = jsonLineIndex(text);
  const graph = new StixGraph(doc.objects);
  const linkedScos = new Set<string>();

  for (const o of graph.byId.values()) {
    if (o.type === 'indicator') {
      const line = lineOf(o.id);
      if (o.revoked === true) { skip(feed, 'revoked STIX indicator'); continue; }
      if (o.pattern_type !== undefined && o.pattern_type !== 'stix') { skip(feed, `STIX indicator with pattern_type '${String(o.pattern_type)}'`); continue; }
      if (typeof o.pattern !== 'string') { feed.rejects.push({ line, reason: `${String(o.id)}: indicator has no pattern` }); continue; }
      let parsed;
      try {
        parsed = parseStixPattern(o.pattern);
      } catch (err) {
        if (!(err instanceof PatternError)) throw err;
        feed.rejects.push({ line, reason: `${String(o.id)}: pattern ${JSON.stringify(o.pattern)}: ${err.message}` });
        continue;
      }
      if (parsed.observables.length === 0) {
        // Valid STIX about things this store does not match (certificates, e-mail subjects…): skipped, not refused.
        const objects = [...new Set(parsed.unsupported.map((u) => /([a-z0-9-]+):/i.exec(u)?.[1] ?? u))];
        skip(feed, `STIX pattern on ${objects.join(', ')} (no matchable observable)`);
        continue;
      }
      const types = stringList(o.indicator_types).length ? stringList(o.indicator_types) : stringList(o.labels);
      const common = {
        reputation: reputationOf(types, opts.reputation),
        categories: [...types, ...graph.malwareTypesOf(String(o.id))],
        threat_actors: graph.actorsOf(String(o.id)),
        first_seen: time(o.valid_from),
        line,
      };
      for (const ob of parsed.observables) feed.records.push({ ...common, value: ob.value, kind: ob.kind });
    } else if (o.type === 'infrastructure') {
      const infraId = String(o.id);
      for (const e of graph.edgesOf(infraId)) {
        if (!(e.out && e.rel === 'consists-of')) continue;
        const sco = graph.byId.get(e.other);
        const kind = SCO_KIND[String(sco?.type)];
        if (!sco || !kind) continue;
        linkedScos.add(e.other);
        if (typeof sco.value !== 'string') { feed.rejects.push({ line: lineOf(e.other), reason: `${e.other}: observable has no value` }); continue; }
        feed.records.push({
          value: sco.value,
          kind,
          reputation: opts.reputation,
          categories: [...stringList(o.infrastructure_types), ...graph.malwareTypesOf(infraId)],
          threat_actors: graph.actorsOf(infraId),
          first_seen: time(o.first_seen) ?? time(o.created),
          last_seen: time(o.last_seen),
          line: lineOf(e.other),
        });
      }
    }
  }
  for (const o of graph.byId.values()) {
    if (SCO_KIND[String(o.type)] && !linkedScos.has(String(o.id))) skip(feed, 'STIX observable not part of an infrastructure');
  }
  return feed;
}
