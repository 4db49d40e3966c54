import type { Rng } from '../core/rng';

/** Random draws the simulator needs, all from the engine's seeded Rng. */
export const expDraw = (rng: Rng, rate: number): number => -Math.log(1 - rng.next()) / rate;

/** Standard normal (Box–Muller; one of the pair is discarded to stay stateless). */
export function normalDraw(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Order size: lognormal with the given mean, rounded to whole `step`s (at least one).
 * σ = 0.8 gives the long right tail of real order sizes without huge outliers.
 */
export function sizeDraw(rng: Rng, mean: number, step: number): number {
  const sigma = 0.8;
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  const x = Math.exp(mu + sigma * normalDraw(rng));
  return Math.max(1, Math.round(x / step)) * step;
}

/** Index drawn with probability proportional to `weights` (small arrays). */
export function pickWeighted(rng: Rng, weights: readonly number[], total: number): number {
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}
