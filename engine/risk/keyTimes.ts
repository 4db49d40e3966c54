/**
 * When each key was last seen: the memory of risk's duplicate window (riskBook.ts), one
 * table per user. Keys are whole numbers from 0 to 2^53, times finite numbers.
 *
 * An open-addressing table in one Float64Array, each key beside its time: a lookup reads
 * one place in memory. A Map<number, number> reads its bucket, then its entry, then the
 * boxed time, and allocates a box per insert; every order the desk takes makes one lookup
 * and one insert, in tables that hold a window's worth of orders.
 */
export class KeyTimes {
  /** [key, time] pairs; NaN marks an empty slot. Never more than half full. */
  private slots: Float64Array;
  private count = 0;

  constructor(capacity = 8) {
    this.slots = emptySlots(tableSize(capacity));
  }

  get size(): number {
    return this.count;
  }

  get(key: number): number | undefined {
    const i = this.find(key);
    return this.slots[i] === key ? this.slots[i + 1] : undefined;
  }

  set(key: number, at: number): void {
    let i = this.find(key);
    if (this.slots[i] !== key) {
      if (2 * (this.count + 1) > this.slots.length / 2) {
        this.rebuild(this.count + 1);
        i = this.find(key);
      }
      this.slots[i] = key;
      this.count++;
    }
    this.slots[i + 1] = at;
  }

  /** Forgets every key last seen at or before `cutoff`. */
  forgetAtOrBefore(cutoff: number): void {
    this.rebuild(this.count, cutoff);
  }

  /** Every key and its time (for tests and reports), in no particular order. */
  *entries(): IterableIterator<[key: number, at: number]> {
    const s = this.slots;
    for (let i = 0; i < s.length; i += 2) if (s[i] === s[i]) yield [s[i], s[i + 1]];
  }

  /** The slot (index of its key) where `key` is, or the empty one where it would go. */
  private find(key: number): number {
    const s = this.slots;
    const mask = s.length / 2 - 1;
    // Mix both 32-bit halves: keys differ in their high bits as well as their low ones.
    let h = Math.imul(key >>> 0, 0x9e3779b1) ^ Math.imul((key / 4294967296) >>> 0, 0x85ebca6b);
    h ^= h >>> 15;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const k = s[2 * j];
      if (k === key || k !== k) return 2 * j;
    }
  }

  /** A table with room for `room` keys, holding the keys seen after `cutoff` (all of them without one: growth). */
  private rebuild(room: number, cutoff?: number): void {
    const old = this.slots;
    const kept = (i: number) => old[i] === old[i] && (cutoff === undefined || old[i + 1] > cutoff);
    let live = 0;
    if (cutoff === undefined) live = this.count;
    else for (let i = 0; i < old.length; i += 2) if (kept(i)) live++;
    this.slots = emptySlots(tableSize(Math.max(room, live)));
    this.count = live;
    for (let i = 0; i < old.length; i += 2) {
      if (!kept(i)) continue;
      const j = this.find(old[i]);
      this.slots[j] = old[i];
      this.slots[j + 1] = old[i + 1];
    }
  }
}

/** Slots (a power of two) for `keys` keys at most half full, at least 8. */
function tableSize(keys: number): number {
  let n = 8;
  while (n < 2 * keys) n *= 2;
  return n;
}

function emptySlots(n: number): Float64Array {
  return new Float64Array(2 * n).fill(Number.NaN);
}
