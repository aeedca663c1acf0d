/**
 * Two 32-bit hashes of a text, 64 bits in all (cyrb53's two lanes, not folded to 53 bits): two of
 * 100,000 distinct keys share them by chance in about one file of 4 billion.
 */
function fingerprint64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // 0,0 marks an empty slot.
  return [h1 >>> 0, h2 >>> 0 || 1];
}

/**
 * A set of record keys (`customer_id=191`) kept as 64-bit fingerprints in one typed array, about
 * 10 to 20 bytes per key: a file's worth of keys stays small (strings in a `Set` cost 50 or more).
 */
export class RecordKeys {
  /** Pairs of 32-bit halves; open addressing with linear probing. */
  #slots = new Uint32Array(2 * 1024);
  #size = 0;

  /** Adds a key; returns whether it was new. */
  add(key: string): boolean {
    const [h1, h2] = fingerprint64(key);
    const at = this.#find(h1, h2);
    if (this.#slots[at + 1] !== 0) return false;
    this.#slots[at] = h1;
    this.#slots[at + 1] = h2;
    this.#size++;
    // Grown at 80% full, when probes start to lengthen.
    if (this.#size * 10 > (this.#slots.length / 2) * 8) this.#grow();
    return true;
  }

  /** Whether the set holds the key. */
  has(key: string): boolean {
    const [h1, h2] = fingerprint64(key);
    return this.#slots[this.#find(h1, h2) + 1] !== 0;
  }

  /** The slot of the fingerprint, or the empty slot where it would go. */
  #find(h1: number, h2: number): number {
    const mask = this.#slots.length / 2 - 1;
    for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
      const at = 2 * slot;
      const second = this.#slots[at + 1];
      if (second === 0 || (second === h2 && this.#slots[at] === h1)) return at;
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) {
      const [h1 = 0, h2 = 0] = [old[at], old[at + 1]];
      if (h2 !== 0) {
        const to = this.#find(h1, h2);
        this.#slots[to] = h1;
        this.#slots[to + 1] = h2;
      }
    }
  }
}
