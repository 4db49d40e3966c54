import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routeBestPrice } from './bestPrice';
import type { VenueQuote } from '../market/market';

const q = (venue: string, bid: number, bidQty: number, ask: number, askQty: number, makeFee = -20, takeFee = 30): VenueQuote => ({ venue, bid, bidQty, ask, askQty, makeFee, takeFee });
const quotes = [q('NYSE', 1000, 300, 1002, 200), q('NASDAQ', 1000, 500, 1002, 400, -25, 30), q('BATS', 999, 100, 1003, 900, 10, -5)];
const dark = [{ venue: 'MIDX', minQty: 100 }, { venue: 'BLOCK', minQty: 1000 }];

describe('the best-price router', () => {
  it('posts passively at the best bid on the venue paying the best rebate there', () => {
    expect(routeBestPrice({ side: 'buy', qty: 300, placement: 'passive', lot: 1, tick: 1 }, quotes, dark)).toEqual([{ venue: 'NASDAQ', kind: 'limit', px: 1000, qty: 300, placement: 'passive' }]);
  });

  it('takes at the best offer across the venues showing it, biggest first, the rest with the biggest', () => {
    expect(routeBestPrice({ side: 'buy', qty: 800, placement: 'aggressive', lot: 100, tick: 1 }, quotes, dark)).toEqual([
      { venue: 'NASDAQ', kind: 'ioc', px: 1002, qty: 600, placement: 'aggressive' },
      { venue: 'NYSE', kind: 'ioc', px: 1002, qty: 200, placement: 'aggressive' },
    ]);
  });

  it('sends midpoint slices to the dark pool whose minimum fits, capped at the far touch', () => {
    expect(routeBestPrice({ side: 'sell', qty: 500, placement: 'mid', lot: 1, tick: 1 }, quotes, dark)).toEqual([{ venue: 'MIDX', kind: 'mid', px: 1000, qty: 500, placement: 'mid' }]);
    expect(routeBestPrice({ side: 'sell', qty: 50, placement: 'mid', lot: 1, tick: 1 }, quotes, dark)[0].kind).toBe('limit');
  });

  it('never prices a child through the limit, and rests at the limit when the far side is beyond it', () => {
    expect(routeBestPrice({ side: 'buy', qty: 100, placement: 'aggressive', limitPx: 1001, lot: 1, tick: 1 }, quotes, dark)).toEqual([{ venue: 'NASDAQ', kind: 'limit', px: 1000, qty: 100, placement: 'passive' }]);
    fc.assert(
      fc.property(fc.constantFrom('buy' as const, 'sell' as const), fc.constantFrom('passive' as const, 'mid' as const, 'aggressive' as const), fc.integer({ min: 990, max: 1010 }), fc.integer({ min: 1, max: 5000 }), (side, placement, limitPx, qty) => {
        const routes = routeBestPrice({ side, qty, placement, limitPx, lot: 1, tick: 1, sweepTicks: 5 }, quotes, dark);
        expect(routes.reduce((a, r) => a + r.qty, 0)).toBe(qty);
        for (const r of routes) expect(side === 'buy' ? r.px <= limitPx : r.px >= limitPx).toBe(true);
      }),
    );
  });
});
