// Exact IPv4 → indicator id: open addressing over two Int32Arrays (8 bytes a slot, no objects), so a
// million addresses cost ~16 MB and a probe is one multiply and usually one array read.

export class Ipv4Table {
  private keys: Int32Array;
  private ids: Int32Array;
  private shift: number;
  private mask: number;
  size = 0;

  constructor(expected = 0) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.keys = new Int32Array(1 << bits);
    this.ids = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  private slot(ip: number): number {
    return Math.imul(ip | 0, 0x9e3779b1) >>> this.shift;
  }

  /** The id stored for the address (as an unsigned 32-bit integer), 0 when none. */
  get(ip: number): number {
    const key = ip | 0;
    const { keys, ids, mask } = this;
    for (let i = this.slot(ip); ; i = (i + 1) & mask) {
      const id = ids[i];
      if (id === 0 || keys[i] === key) return id;
    }
  }

  set(ip: number, id: number): void {
    if ((this.size + 1) * 2 > this.ids.length) this.grow();
    const key = ip | 0;
    const { keys, ids, mask } = this;
    for (let i = this.slot(ip); ; i = (i + 1) & mask) {
      if (ids[i] === 0) {
        keys[i] = key;
        ids[i] = id;
        this.size++;
        return;
      }
      if (keys[i] === key) {
        ids[i] = id;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, ids } = this;
    const bits = 32 - this.shift + 1;
    this.keys = new Int32Array(1 << bits);
    this.ids = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    this.size = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.set(keys[i] >>> 0, ids[i]);
  }

  get bytes(): number {
    return this.keys.byteLength + this.ids.byteLength;
  }
}
