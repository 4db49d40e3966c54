/**
 * Seeded pseudo-random numbers (sfc32). The engine has no other source of randomness:
 * every random draw comes from here so that the same seed replays the same day.
 * The four words of state are exposed so a snapshot can carry them.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  state(): [number, number, number, number];
}

export function seededRng(seed: number | string, restored?: [number, number, number, number]): Rng {
  let [a, b, c, d] = restored ?? initialState(seed);
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

/** Spreads an arbitrary seed over 128 bits of state (splitmix32 style), then warms up. */
function initialState(seed: number | string): [number, number, number, number] {
  let h = 0x9e3779b9;
  const text = String(seed);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
  const mix = () => {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const s: [number, number, number, number] = [mix(), mix(), mix(), mix()];
  const warm = seededRng(0, s);
  for (let i = 0; i < 12; i++) warm.next();
  return warm.state();
}
