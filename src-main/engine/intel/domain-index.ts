// Domain indicators: exact names in one table, `*.suffix` patterns in another keyed by the suffix.
// A pattern `*.evil.ru` matches every name BELOW evil.ru at any depth (a.evil.ru, x.y.evil.ru) but
// not evil.ru itself, as a DNS or TLS wildcard reads; list `evil.ru` too to cover the apex. When
// telemetry is matched (find), a listed name `evil.ru` covers its subdomains too, unless the feed said it
// is one host exactly (a `hostname` indicator: that name only); lookups stay exact.
// Queried names may be in any case and carry a trailing dot; matching allocates nothing.
import { FNV_OFFSET, NameTable, hashName, step } from './name-table';

function labelCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) n++;
  return n;
}

/** End of the name proper: without one trailing dot. */
function nameEnd(s: string): number {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 46 ? s.length - 1 : s.length;
}

export class DomainIndex {
  private readonly exact = new NameTable();
  /** Names a feed gave as one host exactly (kind `hostname`): never cover their subdomains. */
  private readonly hosts = new NameTable();
  private readonly suffixes = new NameTable();
  /** Bit n set when some pattern's suffix has n labels: the walk only probes suffixes that can match. */
  private suffixLabels = 0;

  get size(): number {
    return this.exact.size + this.hosts.size + this.suffixes.size;
  }

  addExact(name: string, id: number): void {
    this.exact.set(name, id);
  }

  addHost(name: string, id: number): void {
    this.hosts.set(name, id);
  }

  /** `suffix` without its leading '*.'. */
  addSuffix(suffix: string, id: number): void {
    this.suffixes.set(suffix, id);
    this.suffixLabels |= 1 << Math.min(31, labelCount(suffix));
  }

  /** Exact match only (for lookups of a name). */
  findExact(name: string): number {
    const end = nameEnd(name);
    const h = hashName(name, 0, end);
    return this.exact.getRange(name, 0, end, h) || (this.hosts.size ? this.hosts.getRange(name, 0, end, h) : 0);
  }

  /** The pattern stored for exactly this suffix (for lookups of `*.suffix` itself). */
  findPattern(suffix: string): number {
    return this.suffixes.get(suffix);
  }

  /** The longest `*.suffix` pattern covering a name (never the name itself), 0 when none. */
  findSuffix(name: string): number {
    return this.walk(name, false);
  }

  /** The most specific indicator for a queried name: the exact name, else the longest pattern. */
  find(name: string): number {
    return this.walk(name, true);
  }

  /** One right-to-left pass: probes each suffix after a dot, then (withExact) the whole name. */
  private walk(name: string, withExact: boolean): number {
    const end = nameEnd(name);
    const probeSuffixes = this.suffixes.size > 0;
    let h = FNV_OFFSET;
    let labels = 1;
    let best = 0;
    for (let i = end - 1; i > 0; i--) {
      const c = name.charCodeAt(i);
      if (c === 46) {
        // name[i+1, end) is a complete suffix of `labels` labels; a longer match found later wins
        let pattern = 0;
        if (probeSuffixes && (this.suffixLabels & (1 << Math.min(31, labels))) !== 0) {
          pattern = this.suffixes.getRange(name, i + 1, end, h);
          if (pattern !== 0) best = pattern;
        }
        // A listed domain covers its subdomains when matching telemetry (a feed listing evil.example
        // means x.evil.example too); a `*.` pattern of the same suffix wins, a longer match found later wins.
        if (withExact && pattern === 0 && labels >= 2) {
          const parent = this.exact.getRange(name, i + 1, end, h);
          if (parent !== 0) best = parent;
        }
        labels++;
      }
      h = step(h, c);
    }
    if (!withExact || end === 0) return best;
    h = step(h, name.charCodeAt(0));
    const exact = this.exact.getRange(name, 0, end, h) || (this.hosts.size ? this.hosts.getRange(name, 0, end, h) : 0);
    return exact !== 0 ? exact : best;
  }
}
