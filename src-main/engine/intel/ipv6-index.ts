// IPv6 indicators (rare in feeds and telemetry): exact addresses keyed by canonical text, prefixes in
// one map per prefix length keyed by the BigInt of the top bits, probed longest length first.
import { canonicalIp } from '../inventory/ip';
import { ipv6Prefix } from './indicator';

export class Ipv6Index {
  private readonly exact = new Map<string, number>();
  private readonly byLength = new Map<number, Map<bigint, number>>();
  /** Present prefix lengths, longest first. */
  private lengths: number[] = [];

  /** Entries stored, so callers skip the (allocating) IPv6 parse when there are none. */
  size = 0;

  addExact(canonical: string, id: number): void {
    if (!this.exact.has(canonical)) this.size++;
    this.exact.set(canonical, id);
  }

  /** `network` is canonical IPv6 text with host bits clear. */
  addPrefix(network: string, len: number, id: number): void {
    let m = this.byLength.get(len);
    if (!m) {
      this.byLength.set(len, (m = new Map()));
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    const key = ipv6Prefix(network, len)!;
    if (!m.has(key)) this.size++;
    m.set(key, id);
  }

  findExact(ip: string): number {
    if (this.exact.size === 0) return 0;
    const c = canonicalIp(ip);
    return c === null ? 0 : (this.exact.get(c) ?? 0);
  }

  /** The most specific prefix containing ip, 0 when none. */
  findPrefix(ip: string): number {
    for (const len of this.lengths) {
      const key = ipv6Prefix(ip, len);
      if (key === null) return 0;
      const id = this.byLength.get(len)!.get(key);
      if (id !== undefined) return id;
    }
    return 0;
  }
}
