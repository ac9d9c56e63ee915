// Exact IPv4 → indicator id: open addressing over one Int32Array of (address, id) pairs (8 bytes a
// slot, no objects), so a million addresses cost ~16 MB and a probe usually touches one cache line.

export class Ipv4Table {
  /** slots[2i] = address as int32, slots[2i + 1] = id (0 = empty slot). */
  private slots: Int32Array;
  private shift: number;
  private mask: number;
  size = 0;

  constructor(expected = 0) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.slots = new Int32Array(2 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  private slot(ip: number): number {
    return Math.imul(ip | 0, 0x9e3779b1) >>> this.shift;
  }

  /** The id stored for the address (as an unsigned 32-bit integer), 0 when none. */
  get(ip: number): number {
    const key = ip | 0;
    const { slots, mask } = this;
    for (let i = this.slot(ip); ; i = (i + 1) & mask) {
      const id = slots[2 * i + 1];
      if (id === 0 || slots[2 * i] === key) return id;
    }
  }

  set(ip: number, id: number): void {
    if ((this.size + 1) * 2 > this.slots.length / 2) this.grow();
    const key = ip | 0;
    const { slots, mask } = this;
    for (let i = this.slot(ip); ; i = (i + 1) & mask) {
      if (slots[2 * i + 1] === 0) {
        slots[2 * i] = key;
        slots[2 * i + 1] = id;
        this.size++;
        return;
      }
      if (slots[2 * i] === key) {
        slots[2 * i + 1] = id;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const bits = 32 - this.shift + 1;
    this.slots = new Int32Array(2 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.set(old[i] >>> 0, old[i + 1]);
  }

  get bytes(): number {
    return this.slots.byteLength;
  }
}
