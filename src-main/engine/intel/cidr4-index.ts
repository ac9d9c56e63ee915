// IPv4 CIDR containment: nested prefixes are flattened into disjoint segments, each owned by its most
// specific CIDR, then cut at /16 boundaries so a probe jumps to its /16 bucket and binary-searches the
// few segments inside it. Rebuilt (milliseconds for 100k CIDRs) whenever the CIDR set changes.

interface Cidr { start: number; end: number; len: number; id: number }

export class Cidr4Index {
  private readonly cidrs = new Map<string, Cidr>();
  private starts = new Uint32Array(0);
  private ends = new Uint32Array(0);
  private ids = new Int32Array(0);
  /** Segment index range of /16 bucket b: [first[b], first[b + 1]). */
  private first = new Uint32Array(65537);
  private dirty = false;

  get size(): number {
    return this.cidrs.size;
  }

  /** Adds (or re-points) network/len, where network already has its host bits cleared. */
  add(network: number, len: number, id: number): void {
    const end = network + 2 ** (32 - len) - 1;
    this.cidrs.set(`${network}/${len}`, { start: network, end, len, id });
    this.dirty = true;
  }

  /** The id of the most specific CIDR containing ip (unsigned 32-bit), 0 when none. */
  find(ip: number): number {
    if (this.dirty) this.build();
    const b = ip >>> 16;
    let lo = this.first[b];
    let hi = this.first[b + 1];
    if (lo === hi) return 0;
    const { starts } = this;
    // last segment with start <= ip
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= ip) lo = mid;
      else hi = mid;
    }
    return starts[lo] <= ip && ip <= this.ends[lo] ? this.ids[lo] : 0;
  }

  private build(): void {
    const sorted = [...this.cidrs.values()].sort((a, b) => a.start - b.start || a.len - b.len);
    const segs: number[] = []; // start, end, id triples
    const emit = (start: number, end: number, id: number) => {
      // cut at /16 boundaries so every segment lives in one bucket
      for (let s = start; s <= end; ) {
        const bucketEnd = (Math.floor(s / 65536) + 1) * 65536 - 1;
        const e = Math.min(end, bucketEnd);
        segs.push(s, e, id);
        s = e + 1;
      }
    };
    const stack: Cidr[] = [];
    let cursor = 0;
    const closeUntil = (limit: number) => {
      while (stack.length && stack[stack.length - 1].end < limit) {
        const top = stack.pop()!;
        if (cursor <= top.end) emit(cursor, top.end, top.id);
        cursor = Math.max(cursor, top.end + 1);
      }
    };
    for (const c of sorted) {
      closeUntil(c.start);
      if (stack.length && cursor < c.start) emit(cursor, c.start - 1, stack[stack.length - 1].id);
      cursor = c.start;
      stack.push(c);
    }
    closeUntil(Infinity);

    const n = segs.length / 3;
    this.starts = new Uint32Array(n);
    this.ends = new Uint32Array(n);
    this.ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.starts[i] = segs[i * 3];
      this.ends[i] = segs[i * 3 + 1];
      this.ids[i] = segs[i * 3 + 2];
    }
    this.first = new Uint32Array(65537);
    let seg = 0;
    for (let b = 0; b <= 65536; b++) {
      while (seg < n && this.starts[seg] >>> 16 < b) seg++;
      this.first[b] = seg;
    }
    this.dirty = false;
  }

  get bytes(): number {
    return this.starts.byteLength * 3 + this.first.byteLength + this.cidrs.size * 80;
  }
}
