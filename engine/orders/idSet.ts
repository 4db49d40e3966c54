/**
 * A set of strings that only grows: the client order ids an owner has used (smallOrders.ts).
 *
 * Every order the desk takes asks whether its id is new and then records it, in a set that
 * holds every id its owner ever sent. A Set<string> answers by reading a bucket, an entry
 * and the string each candidate key points to, scattered over a large heap; here the
 * strings' hashes sit in the table itself (open addressing, each hash beside the index of
 * its string), so a new id — nearly every one — is answered from one place in memory, and
 * the strings themselves are read only when a hash matches.
 */
export class IdSet {
  /** [hash, 1 + index into `ids`] pairs; 0 in the second marks an empty slot. Never more than half full. */
  private slots = new Int32Array(2 * 16);
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /**
   * The id `has` last found missing, its hash and the empty slot where it would go: the desk
   * asks whether an id is new and, when it is, records it next (accepting the order), so
   * `add` takes up where `has` stopped instead of hashing and probing again. Any `add` ends it.
   */
  private missing: string | undefined;
  private missingHash = 0;
  private missingSlot = 0;

  has(id: string): boolean {
    const h = hashOf(id);
    const i = this.find(id, h);
    if (this.slots[i + 1] !== 0) return true;
    (this.missing = id), (this.missingHash = h), (this.missingSlot = i);
    return false;
  }

  add(id: string): void {
    const known = id === this.missing;
    this.missing = undefined;
    const h = known ? this.missingHash : hashOf(id);
    let i = known ? this.missingSlot : this.find(id, h);
    if (this.slots[i + 1] !== 0) return;
    if (2 * (this.ids.length + 1) > this.slots.length / 2) {
      this.grow();
      i = this.find(id, h);
    }
    this.ids.push(id);
    this.slots[i] = h;
    this.slots[i + 1] = this.ids.length;
  }

  values(): IterableIterator<string> {
    return this.ids.values();
  }

  /** The slot (index of its hash) holding `id`, or the empty one where it would go. */
  private find(id: string, h: number): number {
    const s = this.slots;
    const mask = s.length / 2 - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const at = s[2 * j + 1];
      if (at === 0 || (s[2 * j] === h && this.ids[at - 1] === id)) return 2 * j;
    }
  }

  private grow(): void {
    const old = this.slots;
    const s = (this.slots = new Int32Array(2 * old.length));
    const mask = s.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let j = old[i] & mask;
      while (s[2 * j + 1] !== 0) j = (j + 1) & mask;
      s[2 * j] = old[i];
      s[2 * j + 1] = old[i + 1];
    }
  }
}

/** FNV-1a over the UTF-16 code units, finished with a multiply-xorshift so the low bits (the slot) vary. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
