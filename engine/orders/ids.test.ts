import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serialIds } from './ids';

describe('serial ids', () => {
  it('are the letter and the number zero-padded to the width, as padStart writes them', () => {
    const x = serialIds('X', 7);
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (n) => {
        expect(x(n)).toBe(`X${String(n).padStart(7, '0')}`);
      }),
    );
    expect([x(1), x(1234567), x(12345678)]).toEqual(['X0000001', 'X1234567', 'X12345678']);
  });
});
