import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryJournal } from '../../engine/engine';
import type { EngineEvent } from '../../engine/events';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import { encodeBody, LAYOUTS, type StoredToken } from './codec';
import { RowWriter, readRow, rowTokens } from './rowCodec';

/** A row as format 3 wrote it (codec.ts's tokens through JSON) and as format 4 writes it. */
function bothWays(tokens: Array<{ time: number } | { mark: number | null } | { event: EngineEvent }>) {
  const w = new RowWriter();
  w.begin();
  const json: StoredToken[] = [];
  for (const t of tokens) {
    if ('time' in t) w.time(t.time), json.push(t.time);
    else if ('mark' in t) w.batchMark(t.mark), json.push(t.mark === null ? null : [t.mark]);
    else w.event(t.event), json.push(encodeBody(t.event));
  }
  return { bytes: Buffer.from(w.bytes()), json: JSON.parse(JSON.stringify(json)) as unknown[] };
}

const T0 = Date.parse('2026-11-20T14:30:00Z');

describe('journal rows in bytes (format 4)', () => {
  it("reads back a desk's events exactly as format 3's JSON held them, intake's in little more than half the bytes", () => {
    const journal = new MemoryJournal();
    const engine = new Engine({ journal, startTime: T0, seed: 3, market: { venues: DEFAULT_VENUES } });
    engine.scheduler.runUntil(T0);
    const syms = ['AAPL', 'MSFT', 'KO'];
    engine.handleAll(Array.from({ length: 300 }, (_, i) => ({ type: 'SubmitOrder' as const, clOrdId: `c${i}`, owner: `u${i % 7}`, desk: 'D', source: 'api' as const, symbol: syms[i % 3], side: i % 2 ? 'buy' : 'sell', qty: 100 * (1 + (i % 9)), limitPrice: i % 4 ? undefined : 50, urgency: 'medium' })));
    engine.scheduler.runUntil(T0 + 60_000);
    const events = journal.events;
    const { bytes, json } = bothWays([{ time: T0 }, ...events.flatMap((e, i) => [...(i % 10 === 0 ? [{ mark: i % 20 ? e.seq : null }] : []), { time: e.ts }, { event: e }])]);
    expect(readRow(bytes)).toEqual(json);
    // Intake's events (the array layouts) are where the bytes shrink; other events stay JSON inside.
    const intake = bothWays([{ time: T0 }, ...events.filter((e) => e.type in LAYOUTS).map((event) => ({ event }))]);
    expect(readRow(intake.bytes)).toEqual(intake.json);
    expect(intake.bytes.length).toBeLessThan(JSON.stringify(intake.json).length * 0.6);
    expect(bytes.length).toBeLessThan(JSON.stringify(json).length);
    for (const type of Object.keys(LAYOUTS)) expect(events.some((e) => e.type === type)).toBe(true);
  });

  it('keeps any field value as JSON would: strings of any characters, every kind of number, absent fields, nested values', () => {
    const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('AAPL', 'u1', 'buy'));
    const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 2 ** 53, -(2 ** 53), 2 ** 60, Number.MAX_VALUE, Number.NaN, Infinity), fc.nat());
    const field = fc.oneof(str, num, fc.constant(undefined), fc.constant(null), fc.boolean(), fc.jsonValue());
    const event = fc.oneof(
      fc.record({ type: fc.constant('OrderAccepted'), order: fc.record(Object.fromEntries(LAYOUTS.OrderAccepted.map((k) => [k, field]))) }),
      fc.record({ type: fc.constant('OrderJoinedParent'), ...Object.fromEntries(LAYOUTS.OrderJoinedParent.map((k) => [k, field])) }),
      fc.record({ type: fc.constant('InternalCross'), ...Object.fromEntries(LAYOUTS.InternalCross.map((k) => [k, field])) }),
      fc.record({ type: fc.constantFrom('OrderCancelled', 'ParentCreated'), orderId: str, by: str, reason: field, n: num }),
    );
    const token = fc.oneof(num.map((time) => ({ time })), fc.option(fc.nat(), { nil: null }).map((mark) => ({ mark })), event.map((e) => ({ event: { ...e, seq: 1, ts: 2 } as unknown as EngineEvent })));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const { bytes, json } = bothWays(tokens);
        expect(readRow(bytes)).toEqual(json);
        expect(rowTokens(bytes)).toEqual(rowTokens(JSON.stringify(json)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bytes it cannot read rather than misread them', () => {
    expect(() => readRow(Buffer.from([5, 3, 1]))).toThrow(/unknown binary format/);
    expect(() => readRow(Buffer.from([4, 8, 0]))).toThrow(/has not written/);
    expect(() => readRow(Buffer.from([4, 6, 20, 65]))).toThrow(/ends inside a string/);
    expect(() => readRow(Buffer.from([4, 3, 0x80]))).toThrow(/ends inside a number/);
    expect(() => readRow(Buffer.from([4, 99]))).toThrow(/unknown tag/);
  });
});
