// Rules of one identity bucket, indexed by destination so a lookup costs a few map probes however many
// rules there are: exact IPs, names and app ids in one map, CIDRs by prefix length, *.patterns by the
// name they sit below, and rules without a destination in a list.
import { ipv6Prefix } from '../intel/indicator';
import type { ParsedDestination } from './destination';

export class DestinationMatcher<T> {
  readonly any: T[] = [];
  private readonly exact = new Map<string, T[]>();
  private readonly v4 = new Map<number, Map<number, T[]>>();
  private readonly v6 = new Map<number, Map<bigint, T[]>>();
  private readonly suffix = new Map<string, T[]>();
  /** tool:server/* rules by server. */
  private readonly toolServers = new Map<string, T[]>();
  private v4Prefixes: number[] = [];
  private v6Prefixes: number[] = [];
  size = 0;

  add(dest: ParsedDestination | null, item: T): void {
    this.size++;
    if (dest === null) {
      this.any.push(item);
      return;
    }
    switch (dest.type) {
      case 'ip': case 'domain': case 'app': case 'tool': push(this.exact, dest.value, item); break;
      case 'tool_pattern': push(this.toolServers, dest.server, item); break;
      case 'domain_pattern': push(this.suffix, dest.suffix, item); break;
      case 'cidr':
        if (dest.v4) {
          const byNet = this.v4.get(dest.prefix) ?? this.v4.set(dest.prefix, new Map()).get(dest.prefix)!;
          push(byNet, (dest.net as number) >>> (32 - dest.prefix), item);
          this.v4Prefixes = [...this.v4.keys()];
        } else {
          const byNet = this.v6.get(dest.prefix) ?? this.v6.set(dest.prefix, new Map()).get(dest.prefix)!;
          push(byNet, dest.net as bigint, item);
          this.v6Prefixes = [...this.v6.keys()];
        }
        break;
    }
  }

  /**
   * Appends every item whose destination covers the target (an IP, a name or an app id), then the
   * destination-less ones. `v4` is the target's IPv4 as uint32, or -1.
   */
  collect(kind: 'ip' | 'domain' | 'app' | 'tool', value: string, v4: number, out: T[]): void {
    const exact = this.exact.get(value);
    if (exact) out.push(...exact);
    if (kind === 'ip') {
      if (v4 >= 0) {
        for (const p of this.v4Prefixes) {
          const hit = this.v4.get(p)!.get(v4 >>> (32 - p));
          if (hit) out.push(...hit);
        }
      } else if (this.v6Prefixes.length) {
        for (const p of this.v6Prefixes) {
          const key = ipv6Prefix(value, p);
          const hit = key === null ? undefined : this.v6.get(p)!.get(key);
          if (hit) out.push(...hit);
        }
      }
    } else if (kind === 'tool' && this.toolServers.size) {
      // tool:server/name: the server's tool:server/* rules.
      const slash = value.indexOf('/');
      const hit = slash > 0 ? this.toolServers.get(value.slice(5, slash)) : undefined;
      if (hit) out.push(...hit);
    } else if (kind === 'domain' && this.suffix.size) {
      // Strictly below: for a.b.c the names b.c and c, never a.b.c itself.
      for (let i = value.indexOf('.'); i >= 0; i = value.indexOf('.', i + 1)) {
        const hit = this.suffix.get(value.slice(i + 1));
        if (hit) out.push(...hit);
      }
    }
    if (this.any.length) out.push(...this.any);
  }

  /** Every item with a destination, for the rare whole-bucket questions (threat context of a range). */
  *all(): Iterable<T> {
    for (const list of this.exact.values()) yield* list;
    for (const list of this.suffix.values()) yield* list;
    for (const list of this.toolServers.values()) yield* list;
    for (const m of this.v4.values()) for (const list of m.values()) yield* list;
    for (const m of this.v6.values()) for (const list of m.values()) yield* list;
  }
}

function push<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
