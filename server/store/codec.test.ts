import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../engine/events';
import { decodeBody, decodeEvent, encodeBody, encodeEvent, LAYOUTS } from './codec';

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
    const cross = { type: 'InternalCross', ...Object.fromEntries(LAYOUTS.InternalCross.map((k, i) => [k, `v${i}`])), seq: 7, ts: 8 } as unknown as EngineEvent;
    expect(encodeEvent(cross)).toEqual(['InternalCross', 7, 8, ...LAYOUTS.InternalCross.map((_, i) => `v${i}`)]);
    expect(decodeEvent(JSON.parse(JSON.stringify(encodeEvent(cross))))).toEqual(cross);
  });

  it('reads a cross back exactly as the engine built it, and one written as an object before crosses had a layout', () => {
    // The engine stamps seq and ts last: decoded, the fields come in the same order, so the JSON is the same.
    const cross: EngineEvent = { type: 'InternalCross', crossId: 'X0000001', symbol: 'AMZN', qty: 300, px: 2_017_500, buyOrderId: 'O0001003', sellOrderId: 'O0000003', spreadSaved: 6, feesSaved: 1.8, seq: 2154, ts: 1_795_185_000_000 };
    const stored = JSON.stringify(encodeEvent(cross));
    expect(stored.length).toBeLessThan(JSON.stringify(cross).length * 0.6);
    expect(JSON.stringify(decodeEvent(JSON.parse(stored)))).toBe(JSON.stringify(cross));
    expect(JSON.stringify(decodeEvent(JSON.parse(JSON.stringify(cross))))).toBe(JSON.stringify(cross));
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

  it('format 3: an array layout without seq and ts, each field at its place, read back whole from the place and time given', () => {
    for (const [type, fields] of Object.entries(LAYOUTS)) {
      const values = Object.fromEntries(fields.map((k, i) => [k, `v${i}`]));
      const event = (type === 'OrderAccepted' ? { type, order: values, seq: 7, ts: 8 } : { type, ...values, seq: 7, ts: 8 }) as unknown as EngineEvent;
      expect(encodeBody(event)).toEqual([type, ...fields.map((_, i) => `v${i}`)]);
      const back = decodeBody(JSON.parse(JSON.stringify(encodeBody(event))), 7, 8);
      expect(back).toEqual(event);
      // Same fields in the same order: the decoded event's JSON is the engine's.
      expect(JSON.stringify(back)).toBe(JSON.stringify(decodeEvent(JSON.parse(JSON.stringify(encodeEvent(event))))));
    }
    const cancel: EngineEvent = { type: 'OrderCancelled', orderId: 'O0000001', by: 'alice', seq: 2, ts: 2 };
    expect(encodeBody(cancel)).toBe(cancel);
    expect(decodeBody(JSON.parse(JSON.stringify(cancel)), 2, 2)).toEqual(cancel);
  });
});
