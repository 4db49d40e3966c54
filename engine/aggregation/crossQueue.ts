import type { Side } from '../orders/types';

/**
 * The resting side of internal crossing for one instrument and side: constituents of
 * working parents, kept by limit price, each limit's orders oldest first.
 *
 * An opposing order crosses only at the NBBO midpoint, and only with orders whose limit
 * allows that price: resting buys limited at or above it, resting sells at or below it
 * (and orders without a limit). Keeping limits in price order lets an arrival find just
 * those — usually few, since resting interest mostly waits on the passive side. Passive
 * limits, however many, cost it nothing; one queue in arrival order made every arrival
 * walk past all of them, quadratic in the orders resting.
 *
 * Orders are named by their number (engine/orders: dense, in order of acceptance, which is
 * the order they joined), so "oldest first" across limits is "lowest number first".
 */
export class CrossQueue {
  /** Orders without a limit: they cross at any price. */
  private readonly anyPrice: Level = { limitPx: undefined, nos: [], head: 0 };
  /** One level per limit price that has resting orders, in increasing price. */
  private readonly levels: Level[] = [];
  /**
   * `offer`'s list of the levels that allow its price, reused arrival after arrival (offer
   * does not nest): the first `levelsAt` entries are this arrival's, the rest stale. Counted
   * rather than emptied, since setting an array's length is a call into the runtime.
   */
  private readonly live: Level[] = [];

  /** `side` is the side of the orders resting here. */
  constructor(readonly side: Side) {}

  /** A constituent joined a working parent: it rests until filled, cancelled or crossed. */
  add(no: number, limitPx: number | undefined): void {
    insert(this.level(limitPx), no);
  }

  /** An amend changed an order's limit: it moves to its new limit and keeps its place in time. */
  move(no: number, limitPx: number | undefined, isOpen: boolean): void {
    if (!remove(this.anyPrice, no)) for (const level of this.levels) if (remove(level, no)) break;
    if (isOpen) insert(this.level(limitPx), no);
  }

  /**
   * Offers `take` the resting orders that may cross at `px`, oldest first, until it
   * returns false. `isOpen` says which are still open; closed ones at the front of a
   * limit are dropped for good as they are met.
   */
  offer(px: number, isOpen: (no: number) => boolean, take: (no: number) => boolean): void {
    const count = this.levelsAt(px, isOpen);
    const live = this.live;
    if (count === 0) return;
    if (count === 1) {
      // The usual case: one limit (or none) allows the price.
      const { nos, head } = live[0];
      for (let i = head; i < nos.length; i++) if (isOpen(nos[i]) && !take(nos[i])) return;
      return;
    }
    // Several limits allow it: merge them by number.
    const at = live.slice(0, count).map((level) => level.head);
    for (;;) {
      let k = -1;
      for (let j = 0; j < count; j++) if (at[j] < live[j].nos.length && (k < 0 || live[j].nos[at[j]] < live[k].nos[at[k]])) k = j;
      if (k < 0) return;
      const no = live[k].nos[at[k]++];
      if (isOpen(no) && !take(no)) return;
    }
  }

  /** Puts in `live` the levels whose limit allows `px` and that still hold open orders, and returns how many; those found empty on the way are removed. */
  private levelsAt(px: number, isOpen: (no: number) => boolean): number {
    const live = this.live;
    let n = 0;
    if (!dropClosed(this.anyPrice, isOpen)) live[n++] = this.anyPrice;
    // Resting buys at or above px: a suffix of the levels; resting sells at or below it: a prefix.
    let i = this.side === 'buy' ? this.search(px) : 0;
    let end = this.side === 'buy' ? this.levels.length : this.search(px + 1);
    while (i < end) {
      if (dropClosed(this.levels[i], isOpen)) this.levels.splice(i, 1), end--;
      else live[n++] = this.levels[i++];
    }
    return n;
  }

  private level(limitPx: number | undefined): Level {
    if (limitPx === undefined) return this.anyPrice;
    const i = this.search(limitPx);
    if (this.levels[i]?.limitPx === limitPx) return this.levels[i];
    const level: Level = { limitPx, nos: [], head: 0 };
    this.levels.splice(i, 0, level);
    return level;
  }

  /** The index of the first level priced at or above `px`. */
  private search(px: number): number {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.levels[mid].limitPx! < px) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The orders resting at one limit, in increasing number from `head` (those before it are closed). */
interface Level {
  limitPx: number | undefined;
  nos: number[];
  head: number;
}

/** Drops the closed orders at the front of a level; true when nothing is left in it. */
function dropClosed(level: Level, isOpen: (no: number) => boolean): boolean {
  while (level.head < level.nos.length && !isOpen(level.nos[level.head])) level.head++;
  // Reclaim the closed front once it is most of the array.
  if (level.head > 1024 && level.head * 2 > level.nos.length) (level.nos = level.nos.slice(level.head)), (level.head = 0);
  return level.head === level.nos.length;
}

/** Joins arrive in increasing number, so this is a push; a moved order is put back in its place. */
function insert(level: Level, no: number): void {
  const nos = level.nos;
  if (nos.length === level.head || nos[nos.length - 1] < no) {
    nos.push(no);
    return;
  }
  const i = indexOf(level, no);
  if (nos[i] !== no) nos.splice(i, 0, no);
}

function remove(level: Level, no: number): boolean {
  const i = indexOf(level, no);
  if (i === level.nos.length || level.nos[i] !== no) return false;
  level.nos.splice(i, 1);
  return true;
}

/** The first index from `head` whose number is ≥ `no`. */
function indexOf(level: Level, no: number): number {
  let lo = level.head;
  let hi = level.nos.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (level.nos[mid] < no) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
