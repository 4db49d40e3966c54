import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { intentOf } from './grouping';

const REF = 1_000_000; // $100.00 in price units

describe('intentOf (the grouping rule)', () => {
  it('classes price sensitivity by distance from the reference, in the order’s favour', () => {
    const cls = (side: 'buy' | 'sell', limitPx?: number) => intentOf({ symbol: 'AAPL', side, urgency: 'high', limitPx }, REF).priceClass;
    expect(cls('buy')).toBe('market');
    expect(cls('buy', 1_002_500)).toBe('market'); // +25 bps
    expect(cls('buy', 1_002_400)).toBe('near');
    expect(cls('buy', 995_000)).toBe('near'); // -50 bps
    expect(cls('buy', 994_900)).toBe('far');
    expect(cls('sell', 997_500)).toBe('market'); // selling 25 bps under
    expect(cls('sell', 1_005_000)).toBe('near');
    expect(cls('sell', 1_005_100)).toBe('far');
  });

  it('groups only same instrument, side, urgency, sensitivity and strategy, and says why', () => {
    const a = intentOf({ symbol: 'AAPL', side: 'buy', urgency: 'high', limitPx: 1_000_100 }, REF);
    const b = intentOf({ symbol: 'AAPL', side: 'buy', urgency: 'high', limitPx: 999_000 }, REF);
    expect(a.key).toBe(b.key);
    expect(a.reason).toBe('buy AAPL, high urgency, limit near the market (within 50 bps), strategy: desk choice');
    for (const other of [
      { symbol: 'MSFT', side: 'buy', urgency: 'high' },
      { symbol: 'AAPL', side: 'sell', urgency: 'high' },
      { symbol: 'AAPL', side: 'buy', urgency: 'low' },
      { symbol: 'AAPL', side: 'buy', urgency: 'high', strategy: 'VWAP' },
    ] as const)
      expect(intentOf({ ...other, limitPx: 1_000_100 }, REF).key).not.toBe(a.key);
  });

  it('is a pure function of the order and the reference (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('buy' as const, 'sell' as const), fc.option(fc.integer({ min: 1, max: 3_000_000 }), { nil: undefined }), (side, limitPx) => {
        const o = { symbol: 'KO', side, urgency: 'medium' as const, limitPx };
        expect(intentOf(o, REF)).toEqual(intentOf({ ...o }, REF));
        expect(intentOf(o, REF).key.startsWith(`KO|${side}|medium|`)).toBe(true);
      }),
    );
  });
});
