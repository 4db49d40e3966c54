import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { VenueQuote } from '../market/market';
import { type RouteRequest, type RouterScore, NO_SCORE, ROUTING_LOGICS, route } from './router';

// Prices in price units (10,000 per $); a 1-cent tick is 100.
const q = (venue: string, bid: number, bidQty: number, ask: number, askQty: number, makeFee = -20, takeFee = 30): VenueQuote => ({ venue, bid, bidQty, ask, askQty, makeFee, takeFee });
const quotes = [q('NYSE', 1_000_000, 300, 1_000_200, 200), q('NASDAQ', 1_000_000, 500, 1_000_200, 400, -25, 30), q('BATS', 999_900, 100, 1_000_300, 900, 10, -5)];
const dark = [
  { venue: 'MIDX', minQty: 100, fee: 10 },
  { venue: 'BLOCK', minQty: 1000, fee: 15 },
];
const req = (over: Partial<RouteRequest>): RouteRequest => ({ side: 'buy', qty: 100, placement: 'aggressive', logic: 'parallel', lot: 100, tick: 100, minSlice: 100, urgency: 0.5, ...over });

describe('the smart order router', () => {
  it('takes on the cheaper venue all-in: a better price loses to a fee that outweighs it, and a rebate wins a tie', () => {
    // Same ask on both: the venue paying takers (inverted) wins over the one charging them.
    const tie = [q('NYSE', 999_900, 500, 1_000_100, 500, -20, 30), q('BATS', 999_900, 500, 1_000_100, 500, 10, -5)];
    expect(route(req({ logic: 'sequential' }), tie, [])).toEqual([{ venue: 'BATS', kind: 'ioc', px: 1_000_100, qty: 100, placement: 'aggressive' }]);
    // NYSE is cheaper by 1 price unit a share but charges 30 to take; BATS pays 5: BATS is cheaper all-in.
    const fees = [q('NYSE', 999_900, 500, 1_000_100, 500, -20, 30), q('BATS', 999_900, 500, 1_000_101, 500, 10, -5)];
    expect(route(req({ logic: 'sequential', tick: 1 }), fees, [])[0].venue).toBe('BATS');
    // Priced 50 units a share better, NYSE wins despite its fee.
    const price = [q('NYSE', 999_900, 500, 1_000_100, 500, -20, 30), q('BATS', 999_900, 500, 1_000_150, 500, 10, -5)];
    expect(route(req({ logic: 'sequential', tick: 1 }), price, [])[0].venue).toBe('NYSE');
  });

  it('posts on the venue with the best expected all-in cost: rebate, fill chance and adverse selection', () => {
    expect(route(req({ placement: 'passive', logic: 'sequential' }), quotes, dark)).toEqual([{ venue: 'NASDAQ', kind: 'limit', px: 1_000_000, qty: 100, placement: 'passive' }]);
    // NASDAQ's fills have been followed by the price running away (adverse selection): NYSE is cheaper now.
    const toxic: RouterScore = { ...NO_SCORE, adverseCost: (v) => (v === 'NASDAQ' ? 50 : 0) };
    expect(route(req({ placement: 'passive', logic: 'sequential' }), quotes, dark, toxic)[0].venue).toBe('NYSE');
  });

  it('parallel sweeps every displayed level within the cap across venues, one IOC per venue at its worst level', () => {
    const deep: VenueQuote[] = [
      { ...q('NYSE', 999_900, 500, 1_000_100, 200), levels: { bids: [], asks: [[1_000_100, 200], [1_000_200, 300]] } },
      { ...q('NASDAQ', 999_900, 500, 1_000_100, 300, -25, 30), levels: { bids: [], asks: [[1_000_100, 300], [1_000_300, 500]] } },
    ];
    // Cap: the limit at 1,000,200 — NASDAQ's second level is beyond it.
    // Both touches cost the same all-in: the bigger first. Then NYSE's second level, within the cap.
    expect(route(req({ qty: 700, limitPx: 1_000_200 }), deep, [])).toEqual([
      { venue: 'NASDAQ', kind: 'ioc', px: 1_000_100, qty: 300, placement: 'aggressive' },
      { venue: 'NYSE', kind: 'ioc', px: 1_000_200, qty: 400, placement: 'aggressive' },
    ]);
  });

  it('sequential skips the venues a remainder already tried, and stops when none is left', () => {
    const first = route(req({ logic: 'sequential' }), quotes, dark)[0].venue;
    const second = route(req({ logic: 'sequential', exclude: [first] }), quotes, dark)[0].venue;
    expect(second).not.toBe(first);
    expect(route(req({ logic: 'sequential', exclude: ['NYSE', 'NASDAQ', 'BATS'] }), quotes, dark)).toEqual([]);
  });

  it('probes dark pools with minimum quantities and never sends a pool less than its minimum', () => {
    const routes = route(req({ qty: 3_000, placement: 'mid', logic: 'parallel' }), quotes, dark);
    expect(routes.map((r) => r.venue).sort()).toEqual(['BLOCK', 'MIDX']);
    for (const r of routes) {
      const pool = dark.find((d) => d.venue === r.venue)!;
      expect(r.qty).toBeGreaterThanOrEqual(pool.minQty);
      expect(r.minQty).toBeGreaterThanOrEqual(pool.minQty);
      expect(r.minQty).toBeLessThanOrEqual(r.qty);
    }
    // Too small for the block pool: only the midpoint pool.
    expect(route(req({ qty: 500, placement: 'mid', logic: 'parallel' }), quotes, dark).map((r) => r.venue)).toEqual(['MIDX']);
  });

  it('liquidity seeking leans on dark pools and queues when patient, and on taking when urgent', () => {
    const share = (urgency: number, kind: string) =>
      route(req({ qty: 5_000, placement: 'passive', logic: 'seeking', urgency }), quotes, dark)
        .filter((r) => r.kind === kind)
        .reduce((a, r) => a + r.qty, 0);
    expect(share(0, 'mid')).toBeGreaterThan(0);
    expect(share(1, 'ioc')).toBeGreaterThan(share(0, 'ioc'));
    // A pool we have learned fills well draws more of the order.
    const goodBlock: RouterScore = { ...NO_SCORE, fillRate: (v, kind, n) => (v === 'BLOCK' ? 0.9 : NO_SCORE.fillRate(v, kind, n)) };
    const block = (s: RouterScore) =>
      route(req({ qty: 5_000, placement: 'passive', logic: 'seeking', urgency: 0.3 }), quotes, dark, s)
        .filter((r) => r.venue === 'BLOCK')
        .reduce((a, r) => a + r.qty, 0);
    expect(block(goodBlock)).toBeGreaterThan(block(NO_SCORE));
  });

  it('never routes more than asked, only whole lots, never through the limit, to open venues only (property)', () => {
    const quoteArb = fc.record({
      venue: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
      bid: fc.integer({ min: 90, max: 100 }),
      spread: fc.integer({ min: 1, max: 4 }),
      bidQty: fc.integer({ min: 0, max: 5_000 }),
      askQty: fc.integer({ min: 0, max: 5_000 }),
      makeFee: fc.integer({ min: -30, max: 30 }),
      takeFee: fc.integer({ min: -10, max: 30 }),
      depth: fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3_000 })), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(quoteArb, { selector: (x) => x.venue, maxLength: 6 }),
        fc.subarray([
          { venue: 'DK1', minQty: 100, fee: 10 },
          { venue: 'DK2', minQty: 1000, fee: 15 },
        ]),
        fc.record({
          side: fc.constantFrom('buy' as const, 'sell' as const),
          lots: fc.integer({ min: 0, max: 300 }),
          lot: fc.constantFrom(1, 100),
          placement: fc.constantFrom('passive' as const, 'mid' as const, 'aggressive' as const),
          logic: fc.constantFrom(...ROUTING_LOGICS),
          limit: fc.option(fc.integer({ min: 88, max: 106 }), { nil: undefined }),
          urgency: fc.double({ min: 0, max: 1, noNaN: true }),
          sweepTicks: fc.integer({ min: 0, max: 5 }),
          exclude: fc.subarray(['A', 'B', 'DK1']),
        }),
        (raw, pools, r) => {
          const tick = 100;
          const qs: VenueQuote[] = raw.map((x) => {
            const bid = x.bid * tick;
            const ask = (x.bid + x.spread) * tick;
            return {
              venue: x.venue,
              bid,
              bidQty: x.bidQty,
              ask,
              askQty: x.askQty,
              makeFee: x.makeFee,
              takeFee: x.takeFee,
              levels: { bids: [[bid, x.bidQty], ...x.depth.map(([d, n]): [number, number] => [bid - (d + 1) * tick, n])], asks: [[ask, x.askQty], ...x.depth.map(([d, n]): [number, number] => [ask + (d + 1) * tick, n])] },
            };
          });
          const qty = r.lots * r.lot;
          const limitPx = r.limit === undefined ? undefined : r.limit * tick;
          const routes = route({ side: r.side, qty, placement: r.placement, logic: r.logic, limitPx, lot: r.lot, tick, minSlice: Math.max(r.lot, 100), urgency: r.urgency, sweepTicks: r.sweepTicks, exclude: r.exclude }, qs, pools);
          expect(routes.reduce((a, c) => a + c.qty, 0)).toBeLessThanOrEqual(qty);
          const open = new Set([...qs.map((x) => x.venue), ...pools.map((p) => p.venue)]);
          for (const c of routes) {
            expect(c.qty).toBeGreaterThan(0);
            expect(c.qty % r.lot).toBe(0);
            expect(open.has(c.venue)).toBe(true);
            expect(r.exclude).not.toContain(c.venue);
            if (limitPx !== undefined) expect(r.side === 'buy' ? c.px <= limitPx : c.px >= limitPx).toBe(true);
            const pool = pools.find((p) => p.venue === c.venue);
            if (pool) expect(c.kind === 'mid' && c.qty >= pool.minQty && (c.minQty ?? 0) <= c.qty).toBe(true);
            else expect(c.kind).not.toBe('mid');
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
