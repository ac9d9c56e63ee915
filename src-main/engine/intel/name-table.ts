// Domain names → id in an open-addressing table keyed by a hash computed right to left over the
// name. One backwards pass over a queried name yields the hash of every suffix, so the *.suffix walk
// and the exact lookup need no substrings, no lowercase copy and no V8 string hashing.

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** ASCII lowercase of one char code (names are ASCII: IDNs are stored in punycode). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** Folds one more char (walking right to left) into a name hash. */
export function step(h: number, c: number): number {
  return Math.imul(h ^ lower(c), FNV_PRIME);
}

export function hashName(s: string, start = 0, end = s.length): number {
  let h = FNV_OFFSET;
  for (let i = end - 1; i >= start; i--) h = step(h, s.charCodeAt(i));
  return h;
}

export { FNV_OFFSET };

export class NameTable {
  private names: string[] = [];
  private ids: number[] = [];
  /** slots[2i] = entry index + 1 (0 = empty), slots[2i + 1] = the name's hash. */
  private slots = new Int32Array(32);
  private mask = 15;
  private shift = 28;

  get size(): number {
    return this.names.length;
  }

  private slotOf(h: number): number {
    return Math.imul(h, 0x9e3779b1) >>> this.shift;
  }

  /** Whether entry e equals s[start, end) ignoring ASCII case. */
  private equals(e: number, s: string, start: number, end: number): boolean {
    const n = this.names[e];
    if (n.length !== end - start) return false;
    for (let j = 0; j < n.length; j++) if (n.charCodeAt(j) !== lower(s.charCodeAt(start + j))) return false;
    return true;
  }

  /** The id for s[start, end) whose hash (hashName) is h; 0 when absent. */
  getRange(s: string, start: number, end: number, h: number): number {
    const { slots, mask } = this;
    for (let i = this.slotOf(h); ; i = (i + 1) & mask) {
      const e = slots[2 * i];
      if (e === 0) return 0;
      if (slots[2 * i + 1] === h && this.equals(e - 1, s, start, end)) return this.ids[e - 1];
    }
  }

  get(name: string): number {
    return this.getRange(name, 0, name.length, hashName(name));
  }

  /** Stores a canonical (lowercase) name, or re-points it. */
  set(name: string, id: number): void {
    const h = hashName(name);
    const { slots, mask } = this;
    for (let i = this.slotOf(h); ; i = (i + 1) & mask) {
      const e = slots[2 * i];
      if (e === 0) break;
      if (slots[2 * i + 1] === h && this.names[e - 1] === name) {
        this.ids[e - 1] = id;
        return;
      }
    }
    this.names.push(name);
    this.ids.push(id);
    if (this.names.length * 2 > this.slots.length / 2) this.grow();
    else this.place(this.names.length - 1, h);
  }

  private place(e: number, h: number): void {
    const { slots, mask } = this;
    let i = this.slotOf(h);
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = e + 1;
    slots[2 * i + 1] = h;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length / 2 - 1;
    this.shift--;
    for (let e = 0; e < this.names.length; e++) this.place(e, hashName(this.names[e]));
  }
}
