import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdSet } from './idSet';

describe('IdSet', () => {
  // Few distinct short ids (repeats), any strings (unicode, empty), and ids built fresh each time (equal content, different strings).
  const id = fc.oneof(fc.constantFrom('a', 'b', 'c1', 'c10', ''), fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 300 }).map((n) => `c${n}`), fc.string({ unit: 'binary', maxLength: 6 }));
  const op = fc.record({ add: fc.boolean(), id });

  it('answers as a Set would through adds, repeats and growth', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const set = new IdSet();
        const model = new Set<string>();
        for (const o of ops) {
          const copy = [...o.id].join(''); // a different string object with the same content
          expect(set.has(copy)).toBe(model.has(o.id));
          if (o.add) set.add(o.id), model.add(o.id);
          expect(set.size).toBe(model.size);
        }
        expect([...set.values()]).toEqual([...model]);
      }),
      { numRuns: 300 },
    );
  });

  it('holds a large owner’s ids', () => {
    const set = new IdSet();
    for (let i = 0; i < 100_000; i++) set.add(`c${i}`);
    expect(set.size).toBe(100_000);
    expect(set.has(`c${99_999}`)).toBe(true);
    expect(set.has('c100000')).toBe(false);
    set.add('c5');
    expect(set.size).toBe(100_000);
  });
});
