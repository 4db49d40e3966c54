import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../engine/events';
import { decodeEvent, encodeEvent, LAYOUTS } from './codec';

describe('journal codec', () => {
  it('writes each layout field at its place and reads every one back (a field missed in either fails here)', () => {
    // Every field a distinct value, so a swapped or forgotten position shows.
    const order = Object.fromEntries(LAYOUTS.OrderAccepted.map((k, i) => [k, `v${i}`]));
    const accepted = { type: 'OrderAccepted', order, seq: 7, ts: 8 } as unknown as EngineEvent;
    expect(encodeEvent(accepted)).toEqual(['OrderAccepted', 7, 8, ...LAYOUTS.OrderAccepted.map((k) => order[k])]);
    expect(decodeEvent(JSON.parse(JSON.stringify(encodeEvent(accepted))))).toEqual(accepted);
    const joined = { type: 'OrderJoinedParent', ...Object.fromEntries(LAYOUTS.OrderJoinedParent.map((k, i) => [k, `v${i}`])), seq: 7, ts: 8 } as unknown as EngineEvent;
    expect(encodeEvent(joined)).toEqual(['OrderJoinedParent', 7, 8, 'v0', 'v1', 'v2']);
    expect(decodeEvent(JSON.parse(JSON.stringify(encodeEvent(joined))))).toEqual(joined);
  });

  it('round-trips absent optional fields as absent, and leaves other events as objects', () => {
    const market: EngineEvent = {
      type: 'OrderAccepted',
      order: { orderId: 'O0000001', clOrdId: 'c1', owner: 'alice', desk: 'EQ-1', source: 'api', symbol: 'AAPL', side: 'buy', qty: 100, urgency: 'low', notional: 22_750.5, createdAt: 1 },
      seq: 1,
      ts: 1,
    };
    const back = decodeEvent(JSON.parse(JSON.stringify(encodeEvent(market))));
    expect(back).toEqual(market);
    expect(JSON.stringify(back)).toBe(JSON.stringify({ type: 'OrderAccepted', order: { ...market.order }, seq: 1, ts: 1 }));
    const cancel: EngineEvent = { type: 'OrderCancelled', orderId: 'O0000001', by: 'alice', seq: 2, ts: 2 };
    expect(encodeEvent(cancel)).toBe(cancel);
    expect(decodeEvent(JSON.parse(JSON.stringify(cancel)))).toEqual(cancel);
  });
});
