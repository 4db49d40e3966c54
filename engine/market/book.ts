/**
 * One venue's limit order book for one instrument: price-time priority, integer
 * tick prices, partial fills, limit / market / IOC / post-only, cancel and amend,
 * and self-trade prevention between the desk's own orders.
 *
 * Hot path: price levels live in a Map keyed by tick, each a doubly linked FIFO of
 * resting orders, so add, cancel and fill are O(1) apart from walking to the next
 * non-empty level when the best one empties. Fills are reported through a callback
 * rather than allocated result arrays.
 */
export type BookSide = 'buy' | 'sell';
export type OrderKind = 'limit' | 'market' | 'ioc' | 'post-only';

export interface RestingOrder {
  id: number;
  side: BookSide;
  /** Price in ticks. */
  px: number;
  /** Remaining (open) quantity. */
  qty: number;
  /** Owner tag: 0 for background flow, otherwise a participant id; equal non-zero owners never trade. */
  owner: number;
  /** Not shown in depth; matched after displayed orders at the same price. */
  hidden: boolean;
  prev: RestingOrder | undefined;
  next: RestingOrder | undefined;
  level: Level | undefined;
}

export interface Level {
  px: number;
  head: RestingOrder | undefined;
  tail: RestingOrder | undefined;
  /** Displayed quantity at this price. */
  qty: number;
  hiddenQty: number;
  count: number;
}

/** Called once per execution: aggressor id, resting (maker) order, quantity and price in ticks. */
export type OnFill = (takerId: number, maker: RestingOrder, qty: number, px: number) => void;
/** Called when self-trade prevention cancels a resting order. */
export type OnStpCancel = (resting: RestingOrder) => void;

export type BookReject = 'POST_ONLY_WOULD_TAKE' | 'NO_LIQUIDITY' | 'BAD_QUANTITY' | 'BAD_PRICE' | 'DUPLICATE_ID';

export interface SubmitOutcome {
  /** Quantity executed on arrival. */
  filled: number;
  /** Quantity left resting in the book (0 for market and IOC). */
  resting: number;
  /** Quantity cancelled: unfilled IOC / market remainder. */
  cancelled: number;
  reject?: BookReject;
}

export class OrderBook {
  private readonly bids = new Map<number, Level>();
  private readonly asks = new Map<number, Level>();
  private readonly orders = new Map<number, RestingOrder>();
  /** Best prices in ticks; NaN when the side is empty. */
  bestBid = Number.NaN;
  bestAsk = Number.NaN;
  /** Outermost prices, so walks for the next level are bounded. */
  private lowBid = Number.NaN;
  private highAsk = Number.NaN;
  /**
   * Counts changes to the book: each submit, cancel and amend as it starts and as it ends,
   * and each fill or self-trade cancel of a match before its callback. A reader that
   * remembers what it saw at one count knows the book is unchanged while the count stays
   * (the market's NBBO memo), even one reading from inside a callback halfway through a match.
   */
  changes = 0;

  constructor(
    private readonly onFill: OnFill,
    private readonly onStpCancel: OnStpCancel = () => {},
  ) {}

  get orderCount(): number {
    return this.orders.size;
  }

  get(id: number): RestingOrder | undefined {
    return this.orders.get(id);
  }

  /**
   * Submits an order. `px` is ignored for market orders. Returns what happened on
   * arrival; executions have already been reported through onFill.
   */
  submit(id: number, side: BookSide, kind: OrderKind, px: number, qty: number, owner = 0, hidden = false): SubmitOutcome {
    this.changes++;
    const outcome = this.enter(id, side, kind, px, qty, owner, hidden);
    this.changes++;
    return outcome;
  }

  private enter(id: number, side: BookSide, kind: OrderKind, px: number, qty: number, owner: number, hidden: boolean): SubmitOutcome {
    if (!(qty > 0) || !Number.isInteger(qty)) return { filled: 0, resting: 0, cancelled: 0, reject: 'BAD_QUANTITY' };
    if (kind !== 'market' && (!Number.isInteger(px) || px <= 0)) return { filled: 0, resting: 0, cancelled: 0, reject: 'BAD_PRICE' };
    if (this.orders.has(id)) return { filled: 0, resting: 0, cancelled: 0, reject: 'DUPLICATE_ID' };
    const limit = kind === 'market' ? (side === 'buy' ? Infinity : -Infinity) : px;
    if (kind === 'post-only' && this.crosses(side, limit)) return { filled: 0, resting: 0, cancelled: 0, reject: 'POST_ONLY_WOULD_TAKE' };
    const left = this.match(id, side, limit, qty, owner);
    const filled = qty - left;
    if (left === 0) return { filled, resting: 0, cancelled: 0 };
    if (kind === 'market' || kind === 'ioc')
      return { filled, resting: 0, cancelled: left, reject: filled === 0 && kind === 'market' ? 'NO_LIQUIDITY' : undefined };
    this.rest({ id, side, px, qty: left, owner, hidden, prev: undefined, next: undefined, level: undefined });
    return { filled, resting: left, cancelled: 0 };
  }

  /** Cancels a resting order; returns its open quantity, or 0 if it was not resting. */
  cancel(id: number): number {
    const o = this.orders.get(id);
    if (!o) return 0;
    this.changes++;
    this.unlink(o);
    return o.qty;
  }

  /**
   * Amends a resting order. Reducing quantity at the same price keeps time
   * priority; a new price or a larger quantity loses it (cancel and re-enter,
   * possibly executing). Returns false if the order is not resting.
   */
  amend(id: number, newQty: number, newPx?: number): SubmitOutcome | false {
    // Counted on every change it makes: a smaller quantity in place, or a cancel and a submit (counted there).
    const o = this.orders.get(id);
    if (!o) return false;
    if (!(newQty > 0) || !Number.isInteger(newQty)) return { filled: 0, resting: o.qty, cancelled: 0, reject: 'BAD_QUANTITY' };
    const px = newPx ?? o.px;
    if (px === o.px && newQty <= o.qty) {
      const level = o.level!;
      const delta = o.qty - newQty;
      this.changes++;
      if (o.hidden) level.hiddenQty -= delta;
      else level.qty -= delta;
      o.qty = newQty;
      return { filled: 0, resting: newQty, cancelled: 0 };
    }
    this.unlink(o);
    return this.submit(id, o.side, 'limit', px, newQty, o.owner, o.hidden);
  }

  /** Displayed depth: up to `levels` prices per side, best first, aggregated. */
  depth(levels: number): { bids: Array<[number, number]>; asks: Array<[number, number]> } {
    return { bids: this.sideDepth('buy', levels), asks: this.sideDepth('sell', levels) };
  }

  /** Best displayed prices (hidden-only levels are not quoted). */
  displayedBest(side: BookSide): { px: number; qty: number } | undefined {
    const level = this.displayedBestLevel(side);
    return level ? { px: level.px, qty: level.qty } : undefined;
  }

  /**
   * The best level with displayed quantity, as the book holds it (read it, never change
   * it), or undefined. Allocates nothing: the NBBO is read on every order the desk takes.
   */
  displayedBestLevel(side: BookSide): Level | undefined {
    const book = side === 'buy' ? this.bids : this.asks;
    if (book.size === 0) return undefined;
    const step = side === 'buy' ? -1 : 1;
    const end = side === 'buy' ? this.lowBid : this.highAsk;
    for (let p = side === 'buy' ? this.bestBid : this.bestAsk; ; p += step) {
      const level = book.get(p);
      if (level !== undefined && level.qty > 0) return level;
      if (p === end) return undefined;
    }
  }

  levelAt(side: BookSide, px: number): Level | undefined {
    return (side === 'buy' ? this.bids : this.asks).get(px);
  }

  /** Every resting order (for tests and invariants). */
  allOrders(): IterableIterator<RestingOrder> {
    return this.orders.values();
  }

  private crosses(side: BookSide, limit: number): boolean {
    return side === 'buy' ? this.bestAsk <= limit : this.bestBid >= limit;
  }

  /** Executes against the opposite side while the price crosses; returns the quantity left. */
  private match(takerId: number, side: BookSide, limit: number, qty: number, owner: number): number {
    const book = side === 'buy' ? this.asks : this.bids;
    while (qty > 0) {
      const best = side === 'buy' ? this.bestAsk : this.bestBid;
      if (Number.isNaN(best) || (side === 'buy' ? best > limit : best < limit)) break;
      const level = book.get(best)!;
      // Displayed orders first, then hidden ones, each in time order.
      let maker = level.head;
      while (maker && qty > 0) {
        const nextMaker = maker.next;
        if (level.qty > 0 && maker.hidden) {
          maker = nextMaker;
          continue;
        }
        if (owner !== 0 && maker.owner === owner) {
          // Self-trade prevention: the desk never trades with itself; the older resting order is cancelled.
          this.unlink(maker);
          this.changes++; // each callback sees its own count: the book changed since the last
          this.onStpCancel(maker);
          maker = nextMaker;
          continue;
        }
        const q = maker.qty < qty ? maker.qty : qty;
        maker.qty -= q;
        qty -= q;
        if (maker.hidden) level.hiddenQty -= q;
        else level.qty -= q;
        if (maker.qty === 0) this.unlink(maker);
        this.changes++;
        this.onFill(takerId, maker, q, best);
        maker = nextMaker;
        if (!maker && level.count > 0 && qty > 0) maker = level.head; // displayed done: now the hidden ones
      }
      if (level.count > 0 && qty > 0) break; // only untouchable (own) orders left? cannot happen after STP; defensive
    }
    return qty;
  }

  private rest(o: RestingOrder): void {
    const book = o.side === 'buy' ? this.bids : this.asks;
    let level = book.get(o.px);
    if (!level) {
      level = { px: o.px, head: undefined, tail: undefined, qty: 0, hiddenQty: 0, count: 0 };
      book.set(o.px, level);
      if (o.side === 'buy') {
        if (!(this.bestBid >= o.px)) this.bestBid = o.px;
        if (!(this.lowBid <= o.px)) this.lowBid = o.px;
      } else {
        if (!(this.bestAsk <= o.px)) this.bestAsk = o.px;
        if (!(this.highAsk >= o.px)) this.highAsk = o.px;
      }
    }
    o.level = level;
    o.prev = level.tail;
    o.next = undefined;
    if (level.tail) level.tail.next = o;
    else level.head = o;
    level.tail = o;
    level.count++;
    if (o.hidden) level.hiddenQty += o.qty;
    else level.qty += o.qty;
    this.orders.set(o.id, o);
  }

  private unlink(o: RestingOrder): void {
    const level = o.level!;
    if (o.prev) o.prev.next = o.next;
    else level.head = o.next;
    if (o.next) o.next.prev = o.prev;
    else level.tail = o.prev;
    level.count--;
    if (o.qty > 0) {
      if (o.hidden) level.hiddenQty -= o.qty;
      else level.qty -= o.qty;
    }
    o.level = undefined;
    this.orders.delete(o.id);
    if (level.count === 0) this.dropLevel(o.side, level.px);
  }

  private dropLevel(side: BookSide, px: number): void {
    if (side === 'buy') {
      this.bids.delete(px);
      if (this.bids.size === 0) {
        this.bestBid = this.lowBid = Number.NaN;
        return;
      }
      if (px === this.bestBid) {
        let p = px - 1;
        while (!this.bids.has(p)) p--;
        this.bestBid = p;
      }
      if (px === this.lowBid) {
        let p = px + 1;
        while (!this.bids.has(p)) p++;
        this.lowBid = p;
      }
    } else {
      this.asks.delete(px);
      if (this.asks.size === 0) {
        this.bestAsk = this.highAsk = Number.NaN;
        return;
      }
      if (px === this.bestAsk) {
        let p = px + 1;
        while (!this.asks.has(p)) p++;
        this.bestAsk = p;
      }
      if (px === this.highAsk) {
        let p = px - 1;
        while (!this.asks.has(p)) p--;
        this.highAsk = p;
      }
    }
  }

  private sideDepth(side: BookSide, levels: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const book = side === 'buy' ? this.bids : this.asks;
    if (book.size === 0) return out;
    const step = side === 'buy' ? -1 : 1;
    const end = side === 'buy' ? this.lowBid : this.highAsk;
    for (let p = side === 'buy' ? this.bestBid : this.bestAsk; out.length < levels; p += step) {
      const level = book.get(p);
      if (level && level.qty > 0) out.push([p, level.qty]);
      if (p === end) break;
    }
    return out;
  }
}
