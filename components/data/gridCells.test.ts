import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byTimeThenId } from './gridCells';

type Node = Parameters<typeof byTimeThenId>[2];
const node = (id: string) => ({ id }) as Node;

describe('time columns sort by time, then by id', () => {
  it('rows stamped in the same engine millisecond keep their arrival order (ids numeric, not lexicographic)', () => {
    expect(byTimeThenId(5, 5, node('P0000012'), node('P0000013'), false)).toBeLessThan(0);
    expect(byTimeThenId(5, 5, node('P1-C9'), node('P1-C10'), false)).toBeLessThan(0);
    expect(byTimeThenId(4, 5, node('P9'), node('P1'), false)).toBeLessThan(0);
  });

  it('is a total order: sorting any rows, in any starting order, gives the one order of (time, id number)', () => {
    const row = fc.record({ t: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 0, max: 2000 }) });
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.n, maxLength: 40 }), (rows) => {
        const sorted = (xs: typeof rows) => [...xs].sort((a, b) => byTimeThenId(a.t, b.t, node(`P${a.n}`), node(`P${b.n}`), false)).map((r) => r.n);
        const expected = [...rows].sort((a, b) => a.t - b.t || a.n - b.n).map((r) => r.n);
        expect(sorted(rows)).toEqual(expected);
        expect(sorted([...rows].reverse())).toEqual(expected);
      }),
    );
  });
});
