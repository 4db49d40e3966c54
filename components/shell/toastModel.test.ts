import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notice } from '@/server/trpc/notices';
import { addNotices, expire, JOIN_MS, MAX_TOASTS, TOAST_MS } from './toastModel';

type Fill = Extract<Notice, { kind: 'fill' }>;
const fill = (orderId: string, qty: number, over: Partial<Fill> = {}): Fill => ({ kind: 'fill', orderId, symbol: 'KO', side: 'buy', fills: 1, qty, px: 63.4125, filledQty: qty, orderQty: 1_000, ...over });
const reject = (code: string, reason = 'refused'): Notice => ({ kind: 'reject', clOrdId: `c-${code}`, symbol: 'NOPE', side: 'sell', qty: 100, code, reason, source: 'basket' });

describe('toasts from notices', () => {
  it('one fill reads as the trade: side, shares, symbol, price, and how much of the order is done', () => {
    const [t] = addNotices([], [fill('O1', 200, { filledQty: 700 })], 0);
    expect(t).toMatchObject({ kind: 'fill', side: 'buy', title: 'BUY 200 KO @ 63.4125', body: 'Filled · O1 · 700 of 1,000 done', until: TOAST_MS.fill });
  });

  it('a burst joins one toast: "12 fills on 7 orders", within the join window, across messages', () => {
    let ts = addNotices([], [fill('O1', 100), fill('O2', 100, { symbol: 'XOM', side: 'sell' })], 0);
    for (let i = 0; i < 10; i++) ts = addNotices(ts, [fill(`O${(i % 7) + 1}`, 10)], 100 * (i + 1));
    expect(ts).toHaveLength(1);
    expect(ts[0].title).toBe('12 fills on 7 orders');
    expect(ts[0].body).toBe('300 sh · KO, XOM');
    // After a quiet spell a new fill is a new toast.
    ts = addNotices(ts, [fill('O9', 5)], 1_000 + JOIN_MS + 1);
    expect(ts).toHaveLength(2);
  });

  it('rejects carry the rule and reason; many at once are counted by rule', () => {
    const [one] = addNotices([], [reject('RESTRICTED', 'NVDA is on the restricted list')], 0);
    expect(one).toMatchObject({ kind: 'reject', title: 'Rejected: SELL 100 NOPE', body: 'RESTRICTED — NVDA is on the restricted list', until: TOAST_MS.reject });
    const [many] = addNotices([], [reject('RESTRICTED'), reject('THROTTLE'), reject('RESTRICTED')], 0);
    expect(many.title).toBe('3 orders rejected');
    expect(many.body).toMatch(/^RESTRICTED ×2 · THROTTLE ×1 — /);
  });

  it('an override names who, what and why', () => {
    const [t] = addNotices([], [{ kind: 'override', action: 'set', scope: 'parent', target: 'P0000003', by: 'sam', reason: 'close is near' }], 0);
    expect(t).toMatchObject({ kind: 'override', title: 'sam overrode P0000003', body: 'Supervisor · close is near' });
  });

  it('never more than a few on screen, each gone when due (a hovered one stays), and shares always add up', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5_000 }), fc.boolean()), { maxLength: 8 }), { maxLength: 30 }), (bursts) => {
        let ts: ReturnType<typeof addNotices> = [];
        let now = 0;
        let shares = 0;
        let shown = 0;
        for (const b of bursts) {
          now += 700;
          ts = expire(addNotices(ts, b.map(([o, q, rej]) => (rej ? reject('THROTTLE') : fill(`O${o}`, q))), now), now);
          for (const [, q, rej] of b) if (!rej) shares += q;
          expect(ts.length).toBeLessThanOrEqual(MAX_TOASTS);
          for (const t of ts) expect(t.until).toBeGreaterThan(now);
          shown = ts.filter((t) => t.kind === 'fill').reduce((n, t) => n + t.fills!.shares, 0);
          expect(shown).toBeLessThanOrEqual(shares);
        }
        const kept = ts[0];
        if (kept) expect(expire(ts, now + 60_000, kept.id)).toEqual([kept]);
      }),
    );
  });
});
