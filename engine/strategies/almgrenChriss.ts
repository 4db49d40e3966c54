/**
 * Almgren & Chriss (2000), "Optimal execution of portfolio transactions",
 * Journal of Risk 3(2): the discrete-time optimal liquidation trajectory and its
 * expected cost and variance, in the paper's units —
 *   X shares over T days in N periods of τ = T/N days;
 *   σ  volatility, $/share/day^½;       η  temporary impact, ($/share)/(share/day);
 *   γ  permanent impact, ($/share)/share; ε  fixed cost, $/share;
 *   λ  risk aversion, per $.
 * Linear impact: g(v) = γv, h(n/τ) = ε sgn(n) + (η/τ) n, and η̃ = η − γτ/2.
 * κ solves (2/τ²)(cosh κτ − 1) = λσ²/η̃; holdings x_j = X sinh(κ(T − t_j)) / sinh(κT).
 * λ = 0 gives κ = 0 and the straight line (TWAP).
 */
export interface AcParams {
  X: number;
  T: number;
  N: number;
  sigma: number;
  eta: number;
  gamma: number;
  epsilon: number;
  lambda: number;
}

export interface AcTrajectory {
  kappa: number;
  /** x_0 … x_N: shares still held at each period boundary (x_0 = X, x_N = 0), exact. */
  holdings: number[];
  /** n_1 … n_N: shares traded in each period, exact. */
  trades: number[];
  expectedCost: number;
  variance: number;
}

export function validateAc(p: AcParams): string | undefined {
  if (!(p.X > 0)) return 'quantity must be positive';
  if (!(p.T > 0)) return 'horizon must be positive';
  if (!Number.isInteger(p.N) || p.N < 1) return 'periods must be a whole number ≥ 1';
  for (const k of ['sigma', 'eta', 'gamma', 'epsilon', 'lambda'] as const) if (!(p[k] >= 0) || !Number.isFinite(p[k])) return `${k} must be a finite number ≥ 0`;
  if (!(p.eta - (p.gamma * p.T) / p.N / 2 > 0)) return 'η̃ = η − γτ/2 must be positive (temporary impact must exceed half the permanent impact per period)';
  return undefined;
}

export function kappaOf(p: AcParams): number {
  const tau = p.T / p.N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  const kTilde2 = (p.lambda * p.sigma * p.sigma) / etaTilde;
  return Math.acosh(1 + (kTilde2 * tau * tau) / 2) / tau;
}

/** The optimal trajectory and, from the paper's closed forms (their eq. 20 family), its E and V. */
export function optimalTrajectory(p: AcParams): AcTrajectory {
  const err = validateAc(p);
  if (err) throw new Error(err);
  const { X, T, N } = p;
  const tau = T / N;
  const kappa = kappaOf(p);
  const holdings: number[] = [];
  for (let j = 0; j <= N; j++) {
    const t = j * tau;
    // κT → 0 is the straight line; sinh ratios lose precision long before that, so switch early.
    holdings.push(kappa * T < 1e-7 ? (X * (T - t)) / T : (X * Math.sinh(kappa * (T - t))) / Math.sinh(kappa * T));
  }
  holdings[0] = X; // exact at the ends, whatever the rounding of sinh
  holdings[N] = 0;
  const trades = holdings.slice(1).map((x, j) => holdings[j] - x);
  return { kappa, holdings, trades, ...costOf(p, holdings) };
}

/**
 * Expected cost and variance of any trajectory x_0 … x_N (A&C eqs. 1–4, linear impact):
 *   E = ½γX² + ε Σ|n_k| + (η̃/τ) Σ n_k²,     V = σ² τ Σ_{k=1..N} x_k².
 * X is what the trajectory trades (x_0 − x_N): a schedule that stops short (POV's
 * residual) is costed for what it does.
 */
export function costOf(p: AcParams, holdings: readonly number[]): { expectedCost: number; variance: number } {
  const tau = p.T / p.N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  let abs = 0;
  let sq = 0;
  let held = 0;
  for (let k = 1; k < holdings.length; k++) {
    const n = holdings[k - 1] - holdings[k];
    abs += Math.abs(n);
    sq += n * n;
    held += holdings[k] * holdings[k];
  }
  const traded = holdings[0] - holdings[holdings.length - 1];
  return {
    expectedCost: 0.5 * p.gamma * traded * traded + p.epsilon * abs + (etaTilde / tau) * sq,
    variance: p.sigma * p.sigma * tau * held,
  };
}

/** The paper's closed forms for the optimal strategy's E and V (their eq. 20), for checking. */
export function closedFormCost(p: AcParams): { expectedCost: number; variance: number } {
  const { X, T, N } = p;
  const tau = T / N;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  const k = kappaOf(p);
  if (k * T < 1e-7) {
    // The straight line: n_k = X/N, x_k = X(1 − k/N).
    let held = 0;
    for (let j = 1; j <= N; j++) held += (X * (1 - j / N)) ** 2;
    return { expectedCost: 0.5 * p.gamma * X * X + p.epsilon * X + (etaTilde * X * X) / T, variance: p.sigma * p.sigma * tau * held };
  }
  const sh = Math.sinh;
  const expectedCost =
    0.5 * p.gamma * X * X +
    p.epsilon * X +
    (etaTilde * X * X * Math.tanh(0.5 * k * tau) * (tau * sh(2 * k * T) + 2 * T * sh(k * tau))) / (2 * tau * tau * sh(k * T) ** 2);
  const variance = (0.5 * p.sigma * p.sigma * X * X * (tau * sh(k * T) * Math.cosh(k * (T - tau)) - T * sh(k * tau))) / (sh(k * T) ** 2 * sh(k * tau));
  return { expectedCost, variance };
}

/** Expected cost against standard deviation as risk aversion varies: the efficient frontier. */
export function efficientFrontier(p: Omit<AcParams, 'lambda'>, lambdas: readonly number[]): Array<{ lambda: number; expectedCost: number; stdDev: number }> {
  return lambdas.map((lambda) => {
    const t = optimalTrajectory({ ...p, lambda });
    return { lambda, expectedCost: t.expectedCost, stdDev: Math.sqrt(t.variance) };
  });
}
