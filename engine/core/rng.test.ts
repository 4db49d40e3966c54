import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededRng } from './rng';

describe('seededRng', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        const a = seededRng(seed);
        const b = seededRng(seed);
        for (let i = 0; i < 20; i++) expect(a.next()).toBe(b.next());
      }),
    );
  });

  it('stays in [0, 1) and resumes from saved state', () => {
    const r = seededRng(7);
    for (let i = 0; i < 10_000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const copy = seededRng(0, r.state());
    expect(copy.next()).toBe(r.next());
  });

  it('is roughly uniform', () => {
    const r = seededRng('uniform');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[r.int(10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('differs between seeds', () => {
    expect(seededRng(1).next()).not.toBe(seededRng(2).next());
  });
});
