import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderBook, type RestingOrder } from './book';

type Fill = [taker: number, maker: number, qty: number, px: number];

function book() {
  const fills: Fill[] = [];
  const stp: number[] = [];
  const b = new OrderBook(
    (t, m, q, p) => fills.push([t, m.id, q, p]),
    (o: RestingOrder) => stp.push(o.id),
  );
  return { b, fills, stp };
}

describe('OrderBook matching', () => {
  it('matches at the resting price in price then time priority, with partial fills', () => {
    const { b, fills } = book();
    b.submit(1, 'sell', 'limit', 101, 100);
    b.submit(2, 'sell', 'limit', 100, 50);
    b.submit(3, 'sell', 'limit', 100, 70);
    expect(b.bestAsk).toBe(100);
    const r = b.submit(4, 'buy', 'limit', 101, 200);
    expect(fills).toEqual([
      [4, 2, 50, 100],
      [4, 3, 70, 100],
      [4, 1, 80, 101],
    ]);
    expect(r).toEqual({ filled: 200, resting: 0, cancelled: 0 });
    expect(b.get(1)!.qty).toBe(20);
    expect(b.bestAsk).toBe(101);
  });

  it('rests the remainder of a limit order and quotes it', () => {
    const { b } = book();
    b.submit(1, 'sell', 'limit', 100, 50);
    expect(b.submit(2, 'buy', 'limit', 100, 80)).toEqual({ filled: 50, resting: 30, cancelled: 0 });
    expect(b.bestBid).toBe(100);
    expect(Number.isNaN(b.bestAsk)).toBe(true);
    expect(b.depth(5)).toEqual({ bids: [[100, 30]], asks: [] });
  });

  it('market orders sweep levels and never rest; with no liquidity they are rejected', () => {
    const { b, fills } = book();
    expect(b.submit(1, 'buy', 'market', 0, 10).reject).toBe('NO_LIQUIDITY');
    b.submit(2, 'sell', 'limit', 100, 5);
    b.submit(3, 'sell', 'limit', 105, 5);
    expect(b.submit(4, 'buy', 'market', 0, 20)).toEqual({ filled: 10, resting: 0, cancelled: 10 });
    expect(fills.map((f) => f[3])).toEqual([100, 105]);
    expect(b.orderCount).toBe(0);
  });

  it('IOC fills what it can up to its limit and cancels the rest', () => {
    const { b } = book();
    b.submit(1, 'buy', 'limit', 99, 10);
    b.submit(2, 'buy', 'limit', 98, 10);
    expect(b.submit(3, 'sell', 'ioc', 99, 25)).toEqual({ filled: 10, resting: 0, cancelled: 15 });
    expect(b.bestBid).toBe(98);
  });

  it('post-only is rejected when it would take, and rests otherwise', () => {
    const { b } = book();
    b.submit(1, 'sell', 'limit', 100, 10);
    expect(b.submit(2, 'buy', 'post-only', 100, 10).reject).toBe('POST_ONLY_WOULD_TAKE');
    expect(b.submit(3, 'buy', 'post-only', 99, 10)).toEqual({ filled: 0, resting: 10, cancelled: 0 });
  });

  it('cancels and amends: size down keeps priority, price change loses it', () => {
    const { b, fills } = book();
    b.submit(1, 'buy', 'limit', 100, 10);
    b.submit(2, 'buy', 'limit', 100, 10);
    b.amend(1, 5);
    b.submit(9, 'sell', 'limit', 100, 5);
    expect(fills).toEqual([[9, 1, 5, 100]]);
    b.submit(3, 'buy', 'limit', 100, 10);
    b.amend(2, 10, 99);
    b.amend(2, 10, 100); // back at 100 but now behind 3
    b.submit(10, 'sell', 'limit', 100, 10);
    expect(fills[1]).toEqual([10, 3, 10, 100]);
    expect(b.cancel(2)).toBe(10);
    expect(b.cancel(2)).toBe(0);
    expect(b.orderCount).toBe(0);
    expect(Number.isNaN(b.bestBid)).toBe(true);
  });

  it('an amend that crosses executes like a new order', () => {
    const { b, fills } = book();
    b.submit(1, 'sell', 'limit', 101, 10);
    b.submit(2, 'buy', 'limit', 100, 10);
    expect(b.amend(2, 10, 101)).toEqual({ filled: 10, resting: 0, cancelled: 0 });
    expect(fills).toEqual([[2, 1, 10, 101]]);
  });

  it('self-trade prevention: an owner never trades with itself; the resting order is cancelled', () => {
    const { b, fills, stp } = book();
    b.submit(1, 'sell', 'limit', 100, 10, 7); // ours
    b.submit(2, 'sell', 'limit', 100, 10, 0); // background
    b.submit(3, 'sell', 'limit', 101, 10, 8); // someone else's
    b.submit(4, 'buy', 'limit', 101, 30, 7);
    expect(stp).toEqual([1]);
    expect(fills).toEqual([
      [4, 2, 10, 100],
      [4, 3, 10, 101],
    ]);
    expect(b.get(4)!.qty).toBe(10);
  });

  it('hidden orders trade after displayed ones at the same price and are not in depth', () => {
    const { b, fills } = book();
    b.submit(1, 'sell', 'limit', 100, 10, 0, true);
    b.submit(2, 'sell', 'limit', 100, 10);
    expect(b.depth(1).asks).toEqual([[100, 10]]);
    b.submit(3, 'buy', 'ioc', 100, 15);
    expect(fills).toEqual([
      [3, 2, 10, 100],
      [3, 1, 5, 100],
    ]);
    expect(b.depth(1).asks).toEqual([]);
    expect(b.bestAsk).toBe(100);
  });

  it('rejects bad input without changing the book', () => {
    const { b } = book();
    b.submit(1, 'buy', 'limit', 100, 10);
    expect(b.submit(2, 'buy', 'limit', 100.5, 10).reject).toBe('BAD_PRICE');
    expect(b.submit(3, 'buy', 'limit', 100, 0).reject).toBe('BAD_QUANTITY');
    expect(b.submit(1, 'buy', 'limit', 100, 10).reject).toBe('DUPLICATE_ID');
    expect(b.depth(5).bids).toEqual([[100, 10]]);
  });
});

describe('OrderBook invariants (property-based)', () => {
  const op = fc.oneof(
    fc.record({ t: fc.constant('add' as const), side: fc.constantFrom('buy' as const, 'sell' as const), kind: fc.constantFrom('limit' as const, 'ioc' as const, 'market' as const, 'post-only' as const), px: fc.integer({ min: 95, max: 105 }), qty: fc.integer({ min: 1, max: 50 }), owner: fc.constantFrom(0, 0, 1, 2), hidden: fc.boolean() }),
    fc.record({ t: fc.constant('cancel' as const), id: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ t: fc.constant('amend' as const), id: fc.integer({ min: 1, max: 200 }), qty: fc.integer({ min: 1, max: 60 }), px: fc.option(fc.integer({ min: 95, max: 105 }), { nil: undefined }) }),
  );

  it('never crossed at rest, quantities conserved, best prices and level totals consistent', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const submitted = new Map<number, number>();
        const filledOf = new Map<number, number>();
        const fills: Array<[number, number, number, number, number, number]> = [];
        const b = new OrderBook((taker, maker, q, px) => {
          fills.push([taker, maker.id, q, px, 0, 0]);
          filledOf.set(taker, (filledOf.get(taker) ?? 0) + q);
          filledOf.set(maker.id, (filledOf.get(maker.id) ?? 0) + q);
        });
        const owners = new Map<number, number>();
        let id = 0;
        for (const o of ops) {
          if (o.t === 'add') {
            id++;
            const r = b.submit(id, o.side, o.kind, o.px, o.qty, o.owner, o.hidden);
            if (!r.reject || r.reject === 'NO_LIQUIDITY') submitted.set(id, o.qty);
            if (!r.reject) expect(r.filled + r.resting + r.cancelled).toBe(o.qty);
            owners.set(id, o.owner);
          } else if (o.t === 'cancel') b.cancel(o.id);
          else if (b.amend(o.id, o.qty, o.px)) submitted.set(o.id, Math.max(submitted.get(o.id) ?? 0, (filledOf.get(o.id) ?? 0) + o.qty));
          // Never crossed at rest.
          if (!Number.isNaN(b.bestBid) && !Number.isNaN(b.bestAsk)) expect(b.bestBid).toBeLessThan(b.bestAsk);
        }
        // Best prices match the resting orders; level totals match their orders.
        const rest = [...b.allOrders()];
        const bids = rest.filter((o) => o.side === 'buy').map((o) => o.px);
        const asks = rest.filter((o) => o.side === 'sell').map((o) => o.px);
        expect(bids.length ? b.bestBid : NaN).toEqual(bids.length ? Math.max(...bids) : NaN);
        expect(asks.length ? b.bestAsk : NaN).toEqual(asks.length ? Math.min(...asks) : NaN);
        // The quoted (displayed) best is the best price with displayed quantity, however the book reads it.
        for (const side of ['buy', 'sell'] as const) {
          const shown = rest.filter((o) => o.side === side && !o.hidden);
          const px = shown.length ? (side === 'buy' ? Math.max : Math.min)(...shown.map((o) => o.px)) : undefined;
          const best = px === undefined ? undefined : { px, qty: shown.filter((o) => o.px === px).reduce((s, o) => s + o.qty, 0) };
          expect(b.displayedBest(side)).toEqual(best);
          const level = b.displayedBestLevel(side);
          expect(level && { px: level.px, qty: level.qty }).toEqual(best);
          expect(b.depth(1)[side === 'buy' ? 'bids' : 'asks']).toEqual(best ? [[best.px, best.qty]] : []);
        }
        for (const o of rest) {
          expect(o.qty).toBeGreaterThan(0);
          const level = b.levelAt(o.side, o.px)!;
          const orders = rest.filter((x) => x.side === o.side && x.px === o.px);
          expect(level.qty).toBe(orders.filter((x) => !x.hidden).reduce((s, x) => s + x.qty, 0));
          expect(level.hiddenQty).toBe(orders.filter((x) => x.hidden).reduce((s, x) => s + x.qty, 0));
        }
        // Nobody but background flow (owner 0) ever trades with itself.
        for (const [taker, maker] of fills) {
          const owner = owners.get(taker)!;
          if (owner !== 0) expect(owners.get(maker)).not.toBe(owner);
        }
        // No order is filled beyond the most it ever asked for (an amend up raises that).
        for (const [oid, f] of filledOf) expect(f).toBeLessThanOrEqual(submitted.get(oid)!);
      }),
      { numRuns: 300 },
    );
  });
});
