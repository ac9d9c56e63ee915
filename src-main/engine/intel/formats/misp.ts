// MISP event JSON ({"response":[{"Event":…}]}, {"Event":…} or a list of those): network and hash
// attributes (top-level and inside MISP objects) become indicators; the event's info and tags become
// categories and its threat-actor galaxy tags / clusters become threat actors.
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import { parseTimestamp } from '@shared/domain/time';
import { invalid } from '../../errors';
import { emptyFeed, isObject, jsonLineIndex, skip, type ParseOptions, type ParsedFeed } from './feed-format';

type Obj = Record<string, unknown>;

/** Machine-tag namespaces that describe sharing and analysis, not the threat. */
const META_NAMESPACES = new Set(['tlp', 'pap', 'osint', 'admiralty-scale', 'estimative-language', 'workflow', 'misp', 'circl', 'source-reliability', 'information-credibility']);
const ACTOR_GALAXY = /threat-actor|intrusion-set/;

/** Attribute type → the parts of its value that are indicators, each with its declared kind. */
function indicatorParts(type: string, value: string): { value: string; kind?: IndicatorKind }[] | null {
  const ipKind = (v: string): IndicatorKind => (v.includes(':') ? 'ipv6' : 'ipv4');
  const left = () => value.slice(0, value.lastIndexOf('|'));
  const right = () => value.slice(value.lastIndexOf('|') + 1);
  switch (type) {
    case 'ip-dst': case 'ip-src': return [{ value, kind: ipKind(value) }];
    case 'ip-dst|port': case 'ip-src|port': return [{ value: left(), kind: ipKind(left()) }];
    case 'domain': return [{ value, kind: 'domain' }];
    case 'hostname': return [{ value, kind: 'hostname' }];
    case 'hostname|port': return [{ value: left(), kind: 'hostname' }];
    case 'domain|ip': return [{ value: left(), kind: 'domain' }, { value: right(), kind: ipKind(right()) }];
    case 'md5': case 'sha1': case 'sha256': return [{ value, kind: type }];
    case 'filename|md5': case 'filename|sha1': case 'filename|sha256': return [{ value: right(), kind: type.slice(9) as IndicatorKind }];
    case 'url': return [{ value, kind: 'url' }];
    default: return null;
  }
}

interface Labels { categories: string[]; actors: string[] }

function readTags(o: Obj, into: Labels): void {
  for (const t of Array.isArray(o.Tag) ? o.Tag : []) {
    const name = isObject(t) && typeof t.name === 'string' ? t.name.trim() : '';
    if (!name) continue;
    const galaxy = /^misp-galaxy:([^=]+)="(.*)"$/.exec(name);
    if (galaxy) {
      (ACTOR_GALAXY.test(galaxy[1]) ? into.actors : into.categories).push(galaxy[2]);
      continue;
    }
    const ns = /^([a-z0-9_-]+):/i.exec(name)?.[1].toLowerCase();
    if (ns && META_NAMESPACES.has(ns)) continue;
    const machine = /^[^:]+:[^=]+="(.*)"$/.exec(name);
    into.categories.push(machine ? machine[1] : name);
  }
  for (const g of Array.isArray(o.Galaxy) ? o.Galaxy : []) {
    if (!isObject(g) || !ACTOR_GALAXY.test(String(g.type ?? ''))) continue;
    for (const c of Array.isArray(g.GalaxyCluster) ? g.GalaxyCluster : []) if (isObject(c) && typeof c.value === 'string') into.actors.push(c.value);
  }
}

function eventsOf(doc: unknown): Obj[] | null {
  const unwrap = (x: unknown) => (isObject(x) && isObject(x.Event) ? x.Event : null);
  if (Array.isArray(doc)) return doc.map(unwrap).filter((e): e is Obj => e !== null);
  if (!isObject(doc)) return null;
  if (Array.isArray(doc.response)) return doc.response.map(unwrap).filter((e): e is Obj => e !== null);
  return isObject(doc.Event) ? [doc.Event] : null;
}

const falsy = (v: unknown) => v === false || v === 0 || v === '0';
const time = (v: unknown): number | undefined => {
  const t = parseTimestamp(v);
  return Number.isFinite(t) ? t : undefined;
};

export function parseMisp(doc: unknown, text: string, opts: ParseOptions): ParsedFeed {
  const events = eventsOf(doc);
  if (!events || events.length === 0) throw invalid('file', 'not a MISP event: expected {"Event": {...}}, {"response": [{"Event": {...}}]} or a list of events');
  const feed = emptyFeed();
  const lineOf = jsonLineIndex(text);
  for (const ev of events) {
    const eventLabels: Labels = { categories: typeof ev.info === 'string' && ev.info.trim() ? [ev.info.trim()] : [], actors: [] };
    readTags(ev, eventLabels);
    const eventDate = time(ev.date);
    const attrs: Obj[] = [];
    for (const a of Array.isArray(ev.Attribute) ? ev.Attribute : []) if (isObject(a)) attrs.push(a);
    for (const o of Array.isArray(ev.Object) ? ev.Object : []) {
      if (isObject(o) && o.deleted !== true) for (const a of Array.isArray(o.Attribute) ? o.Attribute : []) if (isObject(a)) attrs.push(a);
    }
    for (const a of attrs) {
      if (a.deleted === true) continue;
      const type = String(a.type ?? '');
      const line = lineOf(a.uuid) || lineOf(ev.uuid);
      if (type === 'link') { skip(feed, 'MISP link (reference)'); continue; }
      if (a.category === 'External analysis' || a.category === 'Internal reference') { skip(feed, `MISP ${String(a.category)} reference`); continue; }
      if (typeof a.value !== 'string') { feed.rejects.push({ line, reason: `attribute ${String(a.uuid ?? a.id)}: ${type} has no value` }); continue; }
      const parts = indicatorParts(type, a.value);
      if (!parts) { skip(feed, `MISP ${type || 'untyped'} attribute`); continue; }
      const labels: Labels = { categories: [...eventLabels.categories], actors: [...eventLabels.actors] };
      readTags(a, labels);
      // to_ids false: the author did not mark it for detection (MISP's own meaning of the flag), so it is
      // kept as context a lookup shows (reputation unknown), never matched as a detection indicator.
      const reputation: Reputation = a.to_ids !== undefined && falsy(a.to_ids) && opts.reputation !== 'benign' ? 'unknown' : opts.reputation;
      const first = time(a.first_seen) ?? eventDate;
      for (const p of parts) {
        feed.records.push({ value: p.value, kind: p.kind, reputation, categories: labels.categories, threat_actors: labels.actors, first_seen: first, last_seen: time(a.last_seen), line });
      }
    }
  }
  return feed;
}
