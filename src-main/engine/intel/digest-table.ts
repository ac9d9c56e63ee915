// Hash indicators (MD5/SHA-1/SHA-256) → id, stored as raw bytes rather than 64-character strings:
// a million SHA-256 values cost 32 MB of bytes plus the slot array, and a probe parses the hex
// text in place (no allocation). Digests are uniformly random, so their first 4 bytes are the hash.

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function hexByte(s: string, i: number): number {
  const hi = hexVal(s.charCodeAt(i));
  const lo = hexVal(s.charCodeAt(i + 1));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/** The first 4 bytes of a hex digest as an int32, or null when they are not hex. */
function head(s: string): number | null {
  let n = 0;
  for (let i = 0; i < 8; i++) {
    const v = hexVal(s.charCodeAt(i));
    if (v < 0) return null;
    n = (n << 4) | v;
  }
  return n;
}

export class DigestTable {
  private bytes: Uint8Array;
  private ids: Int32Array;
  private heads: Int32Array;
  /** slots[2i] = entry index + 1 (0 = empty), slots[2i + 1] = its first 4 bytes: a miss reads one cache line. */
  private slots: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(
    /** Digest length in bytes: 16 (MD5), 20 (SHA-1), 32 (SHA-256). */
    readonly len: number,
    expected = 0,
  ) {
    const cap = Math.max(16, expected);
    this.bytes = new Uint8Array(cap * len);
    this.ids = new Int32Array(cap);
    this.heads = new Int32Array(cap);
    let bits = 4;
    while (1 << bits < cap * 2) bits++;
    this.slots = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** Multiplicative hashing, top bits: spreads even digests a feed chose to collide. */
  private slotOf(h: number): number {
    return Math.imul(h, 0x9e3779b1) >>> this.shift;
  }

  private matches(entry: number, hex: string): boolean {
    const base = entry * this.len;
    for (let j = 4; j < this.len; j++) if (hexByte(hex, j * 2) !== this.bytes[base + j]) return false;
    return true;
  }

  private find(hex: string): number {
    if (hex.length !== this.len * 2) return -1;
    const h = head(hex);
    if (h === null) return -1;
    const { slots, mask } = this;
    for (let i = this.slotOf(h); ; i = (i + 1) & mask) {
      const e = slots[2 * i];
      if (e === 0) return -1;
      if (slots[2 * i + 1] === h && this.matches(e - 1, hex)) return e - 1;
    }
  }

  /** The id for a hex digest in either case; 0 when absent or not hex of this length. */
  get(hex: string): number {
    const e = this.find(hex);
    return e < 0 ? 0 : this.ids[e];
  }

  /** Stores a validated hex digest of this length. */
  set(hex: string, id: number): void {
    const found = this.find(hex);
    if (found >= 0) {
      this.ids[found] = id;
      return;
    }
    if (this.size === this.ids.length) this.growEntries();
    if ((this.size + 1) * 2 > this.slots.length / 2) this.growSlots();
    const e = this.size++;
    const base = e * this.len;
    for (let j = 0; j < this.len; j++) this.bytes[base + j] = hexByte(hex, j * 2);
    this.ids[e] = id;
    this.heads[e] = head(hex)!;
    this.place(e);
  }

  private place(e: number): void {
    const { slots, mask } = this;
    let i = this.slotOf(this.heads[e]);
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = e + 1;
    slots[2 * i + 1] = this.heads[e];
  }

  private growEntries(): void {
    const cap = this.ids.length * 2;
    const bytes = new Uint8Array(cap * this.len);
    bytes.set(this.bytes);
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    const heads = new Int32Array(cap);
    heads.set(this.heads);
    this.bytes = bytes;
    this.ids = ids;
    this.heads = heads;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length / 2 - 1;
    this.shift--;
    for (let e = 0; e < this.size; e++) this.place(e);
  }

  get bytesUsed(): number {
    return this.bytes.byteLength + this.ids.byteLength + this.heads.byteLength + this.slots.byteLength;
  }
}
