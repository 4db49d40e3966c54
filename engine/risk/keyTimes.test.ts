import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyTimes } from './keyTimes';

describe('KeyTimes', () => {
  // Keys crowd a few values (collisions, overwrites) and reach the top of the range (both 32-bit halves).
  const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(0, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53), fc.integer({ min: 0, max: 2 ** 20 }).map((n) => n * 2 ** 21 + 7));
  const op = fc.oneof(
    { weight: 8, arbitrary: fc.record({ t: fc.constant('set' as const), key, at: fc.integer({ min: 0, max: 1_000 }) }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constant('get' as const), key }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('forget' as const), cutoff: fc.integer({ min: -1, max: 1_000 }) }) },
  );

  it('answers as a Map would through inserts, overwrites, growth and forgetting', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const table = new KeyTimes();
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.t === 'set') table.set(o.key, o.at), model.set(o.key, o.at);
          else if (o.t === 'get') expect(table.get(o.key)).toBe(model.get(o.key));
          else {
            table.forgetAtOrBefore(o.cutoff);
            for (const [k, at] of model) if (at <= o.cutoff) model.delete(k);
          }
          expect(table.size).toBe(model.size);
        }
        expect(new Map(table.entries())).toEqual(model);
        for (const k of model.keys()) expect(table.get(k)).toBe(model.get(k));
      }),
      { numRuns: 300 },
    );
  });

  it('holds a window of many thousand keys and forgets the old ones', () => {
    const table = new KeyTimes();
    for (let i = 0; i < 50_000; i++) table.set(i * 2 ** 21 + (i % 8), i);
    expect(table.size).toBe(50_000);
    expect(table.get(49_999 * 2 ** 21 + (49_999 % 8))).toBe(49_999);
    expect(table.get(3)).toBeUndefined();
    table.forgetAtOrBefore(44_999);
    expect(table.size).toBe(5_000);
    expect(table.get(44_999 * 2 ** 21 + (44_999 % 8))).toBeUndefined();
    expect(table.get(45_000 * 2 ** 21 + (45_000 % 8))).toBe(45_000);
  });
});
