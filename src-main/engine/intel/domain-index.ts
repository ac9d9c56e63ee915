// Domain indicators: exact names in one map, `*.suffix` patterns in another keyed by the suffix.
// A pattern `*.evil.ru` matches every name BELOW evil.ru at any depth (a.evil.ru, x.y.evil.ru) but
// not evil.ru itself, as a DNS or TLS wildcard reads; list `evil.ru` too to cover the apex.

function needsNormalizing(s: string): boolean {
  if (s.charCodeAt(s.length - 1) === 46) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** Lowercase without a trailing dot; returns the input itself when it already is (no allocation). */
export function normalizeName(s: string): string {
  if (!needsNormalizing(s)) return s;
  const l = s.toLowerCase();
  return l.endsWith('.') ? l.slice(0, -1) : l;
}

function labelCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) n++;
  return n;
}

export class DomainIndex {
  private readonly exact = new Map<string, number>();
  private readonly suffixes = new Map<string, number>();
  /** Bit n set when some pattern's suffix has n labels: the walk only slices suffixes that can match. */
  private suffixLabels = 0;

  get size(): number {
    return this.exact.size + this.suffixes.size;
  }

  addExact(name: string, id: number): void {
    this.exact.set(name, id);
  }

  /** `suffix` without its leading '*.'. */
  addSuffix(suffix: string, id: number): void {
    this.suffixes.set(suffix, id);
    this.suffixLabels |= 1 << Math.min(31, labelCount(suffix));
  }

  /** Exact match only (for lookups of a name). */
  findExact(name: string): number {
    return this.exact.get(normalizeName(name)) ?? 0;
  }

  /** The longest `*.suffix` pattern covering a name (never the name itself), 0 when none. */
  findSuffix(name: string): number {
    if (this.suffixes.size === 0) return 0;
    const n = normalizeName(name);
    let labels = labelCount(n);
    for (let dot = n.indexOf('.'); dot >= 0 && dot < n.length - 1; dot = n.indexOf('.', dot + 1)) {
      labels--;
      if ((this.suffixLabels & (1 << Math.min(31, labels))) === 0) continue;
      const id = this.suffixes.get(n.slice(dot + 1));
      if (id !== undefined) return id;
    }
    return 0;
  }

  /** The pattern stored for exactly this suffix (for lookups of `*.suffix` itself). */
  findPattern(suffix: string): number {
    return this.suffixes.get(suffix) ?? 0;
  }

  /** The most specific indicator for a queried name: the exact name, else the longest pattern. */
  find(name: string): number {
    const n = normalizeName(name);
    return this.exact.get(n) ?? this.findSuffix(n);
  }
}
