// Who is behind an indicator, read from a bundle's relationship objects: the threat actors and
// intrusion sets it indicates directly, plus one hop from whatever it indicates (a malware or
// campaign attributed-to an actor, an actor that uses the malware, an intrusion set attributed to
// the actor), and campaigns it indicates. Names come with their aliases, as the bundle states them.
import { isObject, stringList } from './feed-format';

type Obj = Record<string, unknown>;
interface Edge { rel: string; other: string; out: boolean }

const ACTOR_TYPES = new Set(['threat-actor', 'intrusion-set']);

export class StixGraph {
  readonly byId = new Map<string, Obj>();
  private readonly edges = new Map<string, Edge[]>();
  /**
   * id → the objects one hop from it that may lead to an actor (see actorsOf): its attributed-to edges either
   * way and the objects that use it, in edge order. Kept apart so actorsOf does not go through every edge of a
   * malware or actor that thousands of indicators point at (O(indicators²) for a bundle of one campaign).
   */
  private readonly hops = new Map<string, string[]>();

  constructor(objects: unknown[]) {
    for (const o of objects) if (isObject(o) && typeof o.id === 'string') this.byId.set(o.id, o);
    for (const o of this.byId.values()) {
      if (o.type !== 'relationship' || typeof o.source_ref !== 'string' || typeof o.target_ref !== 'string') continue;
      const rel = String(o.relationship_type ?? '');
      this.edge(o.source_ref, { rel, other: o.target_ref, out: true });
      this.edge(o.target_ref, { rel, other: o.source_ref, out: false });
    }
  }

  private edge(from: string, e: Edge): void {
    const list = this.edges.get(from);
    if (list) list.push(e);
    else this.edges.set(from, [e]);
    const viaAttribution = e.rel === 'attributed-to'; // either direction: X attributed-to actor, or a set attributed to this actor
    const usedBy = e.rel === 'uses' && !e.out; // an actor uses this malware / tool / infrastructure
    if (!viaAttribution && !usedBy) return;
    const hops = this.hops.get(from);
    if (hops) hops.push(e.other);
    else this.hops.set(from, [e.other]);
  }

  edgesOf(id: string): readonly Edge[] {
    return this.edges.get(id) ?? [];
  }

  typeOf(id: string): string | undefined {
    const o = this.byId.get(id);
    return typeof o?.type === 'string' ? o.type : undefined;
  }

  /** Objects an indicator points at (`indicates`), or an infrastructure is tied to (any relationship but consists-of). */
  related(id: string): string[] {
    const fromIndicator = this.typeOf(id) === 'indicator';
    return this.edgesOf(id)
      .filter((e) => (fromIndicator ? e.out && e.rel === 'indicates' : e.rel !== 'consists-of'))
      .map((e) => e.other);
  }

  /**
   * Actor names (with aliases) behind an indicator or infrastructure object. Campaigns it points at
   * directly count too: in bundles without actor objects (poisonivy.json) they are the attribution given.
   */
  actorsOf(id: string): string[] {
    const found: string[] = [];
    const add = (actorId: string) => {
      if (ACTOR_TYPES.has(this.typeOf(actorId) ?? '') && !found.includes(actorId)) found.push(actorId);
    };
    const direct = this.related(id);
    direct.forEach(add);
    for (const t of direct) for (const other of this.hops.get(t) ?? []) add(other);
    for (const t of direct) if (this.typeOf(t) === 'campaign' && !found.includes(t)) found.push(t);
    const names: string[] = [];
    for (const a of found) {
      const o = this.byId.get(a)!;
      for (const n of [o.name, ...stringList(o.aliases)]) if (typeof n === 'string' && n.trim() && !names.includes(n.trim())) names.push(n.trim());
    }
    return names;
  }

  /** malware_types (STIX 2.0: labels) of the malware an object indicates: "remote-access-trojan", "bot"… */
  malwareTypesOf(id: string): string[] {
    return this.related(id).flatMap((t) => {
      if (this.typeOf(t) !== 'malware') return [];
      const m = this.byId.get(t)!;
      return stringList(m.malware_types).length ? stringList(m.malware_types) : stringList(m.labels);
    });
  }
}
