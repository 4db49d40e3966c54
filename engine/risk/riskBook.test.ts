import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRICE_SCALE } from '../instruments';
import { DEFAULT_LIMITS, RiskBook, type RiskOrder } from './riskBook';

const usd = (dollars: number) => dollars * PRICE_SCALE;
const o = (over: Partial<RiskOrder> = {}): RiskOrder => ({ owner: 'alice', desk: 'EQ-1', symbol: 'AAPL', side: 'buy', qty: 100, source: 'ticket', limitPx: usd(100), ...over });

describe('RiskBook', () => {
  it('passes an ordinary order', () => {
    expect(new RiskBook().check(o(), 100, 0)).toEqual({ ok: true });
  });

  it('names each rule in its reject', () => {
    const cases: Array<[(r: RiskBook) => void, Partial<RiskOrder>, string, string]> = [
      [(r) => (r.killAll = true), {}, 'KILL_SWITCH', 'the desk kill switch is on: no new orders'],
      [(r) => r.killedUsers.add('alice'), {}, 'KILL_SWITCH', 'the kill switch is on for alice'],
      [(r) => r.killedSymbols.add('AAPL'), {}, 'KILL_SWITCH', 'the kill switch is on for AAPL'],
      [(r) => r.restricted.add('AAPL'), {}, 'RESTRICTED', 'AAPL is on the restricted list'],
      [() => {}, { limitPx: usd(106) }, 'PRICE_COLLAR', 'limit 106 is 600 bps through the reference 100; the collar is 500 bps'],
      [() => {}, { side: 'sell', limitPx: usd(94) }, 'PRICE_COLLAR', '600 bps through'],
      [() => {}, { qty: 600_000, limitPx: usd(10) }, 'MAX_QTY', 'quantity 600,000 exceeds the 500,000 share order limit'],
      [() => {}, { qty: 300_000 }, 'MAX_NOTIONAL', 'notional $30,000,000 exceeds the $25,000,000 order limit'],
      [(r) => r.recordAccepted(o(), 99_999_000, 0), {}, 'CREDIT_USER', "alice's open notional would be $100,009,000, over the $100,000,000 credit limit"],
      [(r) => r.recordAccepted(o({ owner: 'bob' }), 249_999_000, 0), {}, 'CREDIT_DESK', 'desk EQ-1'],
    ];
    for (const [setup, over, rule, reason] of cases) {
      const r = new RiskBook();
      setup(r);
      const v = r.check(o(over), 100, 10_000);
      expect(v.ok, rule).toBe(false);
      if (!v.ok) expect(v.rule).toBe(rule), expect(v.reason).toContain(reason);
    }
  });

  it('passive limits far from the market are not collared', () => {
    expect(new RiskBook().check(o({ limitPx: usd(50) }), 100, 0)).toEqual({ ok: true });
  });

  it('flags a duplicate within the window unless confirmed', () => {
    const r = new RiskBook();
    r.recordAccepted(o(), 10_000, 1_000);
    expect(r.check(o(), 100, 3_000)).toMatchObject({ ok: false, rule: 'DUPLICATE', reason: 'same buy 100 AAPL by alice 2 s ago; confirm to send it anyway' });
    expect(r.check(o(), 100, 3_000, true)).toEqual({ ok: true });
    expect(r.check(o({ qty: 101 }), 100, 3_000)).toEqual({ ok: true });
    expect(r.check(o(), 100, 1_000 + DEFAULT_LIMITS.duplicateWindowMs + 1)).toEqual({ ok: true });
  });

  it('forgets duplicate keys once the window has passed them, and still flags the ones inside it', () => {
    const r = new RiskBook();
    const window = DEFAULT_LIMITS.duplicateWindowMs;
    // A busy second: 500 different quantities in two names.
    for (let i = 0; i < 500; i++) r.recordAccepted(o({ qty: 100 + i, symbol: i % 2 ? 'AAPL' : 'MSFT' }), 1_000, 1_000 + i);
    expect(r.duplicateKeys('alice')).toBe(500);
    // Past the window, the next order sweeps them out: only its own key is left.
    r.recordAccepted(o({ qty: 7 }), 1_000, 1_000 + 500 + window);
    expect(r.duplicateKeys('alice')).toBe(1);
    expect(r.check(o({ qty: 7 }), 100, 2_000 + window)).toMatchObject({ ok: false, rule: 'DUPLICATE' });
    expect(r.check(o({ qty: 100 }), 100, 2_000 + window)).toEqual({ ok: true });
    // A sweep keeps the keys the window still sees.
    const t = 100_000;
    r.recordAccepted(o({ qty: 8 }), 1_000, t);
    r.recordAccepted(o({ qty: 9 }), 1_000, t + window - 1);
    r.recordAccepted(o({ qty: 10 }), 1_000, t + window + 1);
    expect(r.duplicateKeys('alice')).toBe(2);
    expect(r.check(o({ qty: 8 }), 100, t + window + 2)).toEqual({ ok: true });
    expect(r.check(o({ qty: 9 }), 100, t + window + 2)).toMatchObject({ ok: false, rule: 'DUPLICATE' });
  });

  it('FIX flow has its own duplicate window: off by default, and when set it says which window', () => {
    const r = new RiskBook();
    r.recordAccepted(o({ source: 'fix' }), 10_000, 1_000);
    // An OMS slicing the same size again within a second is not refused by default…
    expect(r.check(o({ source: 'fix' }), 100, 1_500)).toEqual({ ok: true });
    // …while the same size from the ticket or the API still is, whichever source sent the first.
    expect(r.check(o({ source: 'ticket' }), 100, 1_500)).toMatchObject({ ok: false, rule: 'DUPLICATE' });
    expect(r.check(o({ source: 'api' }), 100, 1_500)).toMatchObject({ ok: false, rule: 'DUPLICATE' });
    r.apply({ type: 'RiskLimitsChanged', limits: { ...r.limits, duplicateWindowFixMs: 2_000 }, by: 'sam', reason: 'test' });
    expect(r.check(o({ source: 'fix' }), 100, 2_900)).toMatchObject({
      ok: false,
      rule: 'DUPLICATE',
      reason: 'same buy 100 AAPL by alice 2 s ago, inside the 2,000 ms duplicate window for FIX flow',
    });
    expect(r.check(o({ source: 'fix' }), 100, 3_001)).toEqual({ ok: true });
    // The ticket's 5 s window is the longer one: a sweep keeps the key for it.
    r.recordAccepted(o({ qty: 5 }), 1_000, 4_000);
    expect(r.check(o({ source: 'ticket' }), 100, 5_000)).toMatchObject({ ok: false, rule: 'DUPLICATE' });
  });

  it('a duplicate is refused exactly when the same key came inside the window of the new order’s source (property)', () => {
    const step = fc.record({
      dt: fc.integer({ min: 0, max: 4_000 }),
      source: fc.constantFrom('ticket', 'api', 'basket', 'fix'),
      qty: fc.constantFrom(100, 200),
      side: fc.constantFrom('buy' as const, 'sell' as const),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6_000 }), fc.integer({ min: 1, max: 6_000 }), fc.array(step, { maxLength: 40 }), (fixWindow, window, steps) => {
        const r = new RiskBook({ ...DEFAULT_LIMITS, duplicateWindowMs: window, duplicateWindowFixMs: fixWindow });
        const last = new Map<string, number>();
        let now = 0;
        for (const s of steps) {
          now += s.dt;
          const order = o({ source: s.source, qty: s.qty, side: s.side });
          const key = `${s.side} ${s.qty}`;
          const w = s.source === 'fix' ? fixWindow : window;
          const seen = last.get(key);
          const duplicate = w > 0 && seen !== undefined && seen > now - w;
          const v = r.check(order, 100, now);
          expect(v.ok ? 'ok' : v.rule).toBe(duplicate ? 'DUPLICATE' : 'ok');
          if (v.ok) r.recordAccepted(order, 1, now), last.set(key, now);
        }
      }),
    );
  });

  it('a limits change journaled before a limit existed leaves that limit as it was', () => {
    const r = new RiskBook({ ...DEFAULT_LIMITS, duplicateWindowFixMs: 1_500 });
    const { duplicateWindowFixMs: _absent, ...older } = { ...DEFAULT_LIMITS, maxOrderQty: 1_000 };
    r.apply({ type: 'RiskLimitsChanged', limits: older as typeof DEFAULT_LIMITS, by: 'sam', reason: 'an old event' });
    expect(r.limits.maxOrderQty).toBe(1_000);
    expect(r.limits.duplicateWindowFixMs).toBe(1_500);
  });

  it('throttles messages per user per second of engine time', () => {
    const r = new RiskBook({ ...DEFAULT_LIMITS, maxMessagesPerSecond: 3 });
    for (const t of [0, 100, 200]) r.recordMessage('alice', t);
    expect(r.check(o(), 100, 900)).toMatchObject({ ok: false, rule: 'THROTTLE' });
    expect(r.check(o({ owner: 'bob' }), 100, 900)).toEqual({ ok: true });
    expect(r.check(o(), 100, 1_001)).toEqual({ ok: true });
  });

  it('credit is released by cancels and fills and never goes negative (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 50 }), (steps) => {
        const r = new RiskBook();
        let expected = 0;
        for (const [add, n] of steps) {
          if (add) r.recordAccepted(o(), n, 0), (expected += n);
          else r.release('alice', 'EQ-1', n), (expected = Math.max(0, expected - n));
          expect(r.exposure('alice', 'EQ-1').user).toBe(expected);
          expect(r.exposure('alice', 'EQ-1').user).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
