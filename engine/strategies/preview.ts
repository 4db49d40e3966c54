import { PRICE_SCALE, type Instrument } from '../instruments';
import { SESSION_MS } from '../market/profile';
import { costOf, efficientFrontier, type AcParams } from './almgrenChriss';
import { implementationShortfall, pov, twap, vwap, type Schedule } from './schedules';
import { parametersFor, riskAversionFor, type TrilemmaPoint } from './trilemma';

/**
 * Almgren–Chriss parameters for an instrument, following the paper's own
 * calibration (section 4): ε is half the spread; η is set so that trading 1 % of
 * daily volume per day costs one spread; γ so that 10 % of daily volume moves the
 * price one spread for good; σ is daily volatility in $/share/day^½.
 */
export function acParamsFor(inst: Instrument, pricePx: number, spreadPx: number, qty: number, horizonDays: number, periods: number, lambda: number): AcParams {
  const price = pricePx / PRICE_SCALE;
  const spread = Math.max(spreadPx, inst.tick) / PRICE_SCALE;
  return { X: qty, T: horizonDays, N: periods, sigma: inst.dailyVol * price, eta: spread / (0.01 * inst.adv), gamma: spread / (0.1 * inst.adv), epsilon: spread / 2, lambda };
}

export interface PreviewRequest {
  strategy: 'twap' | 'vwap' | 'pov' | 'is';
  qty: number;
  /** Window start and length, ms after the open. */
  startMs: number;
  durationMs: number;
  periods: number;
  point: TrilemmaPoint;
  /** POV only: target participation (defaults to the point's participation cap). */
  rate?: number;
}

export interface Preview {
  strategy: string;
  schedule: Schedule;
  /** Expected cost and its standard deviation, dollars (Almgren–Chriss model). */
  expectedCost: number;
  stdDev: number;
  /** The same in bps of the order's notional. */
  expectedCostBps: number;
  stdDevBps: number;
  lambda: number;
  parameters: ReturnType<typeof parametersFor>;
  /** IS only: expected cost against standard deviation as risk aversion varies, the current choice marked. */
  frontier?: Array<{ lambda: number; expectedCost: number; stdDev: number; current: boolean }>;
  residual?: number;
}

export function preview(inst: Instrument, pricePx: number, spreadPx: number, r: PreviewRequest): Preview {
  const params = parametersFor(r.point);
  const horizonDays = r.durationMs / SESSION_MS;
  const base = acParamsFor(inst, pricePx, spreadPx, r.qty, horizonDays, r.periods, 0);
  const etaTilde = base.eta - (base.gamma * (horizonDays / r.periods)) / 2;
  const lambda = riskAversionFor(params.urgencyKT, base.sigma, etaTilde, horizonDays, r.periods);
  const p = { ...base, lambda };
  let schedule: Schedule;
  let residual: number | undefined;
  switch (r.strategy) {
    case 'twap':
      schedule = twap(r.qty, r.periods, inst.lot);
      break;
    case 'vwap':
      schedule = vwap(r.qty, r.periods, r.startMs, r.durationMs, inst.lot);
      break;
    case 'pov': {
      const s = pov(r.qty, r.periods, r.startMs, r.durationMs, inst.adv, r.rate ?? params.participationCap, inst.lot);
      schedule = s;
      residual = s.residual;
      break;
    }
    case 'is':
      schedule = implementationShortfall(p, inst.lot);
      break;
  }
  const cost = costOf(p, schedule.holdings);
  const notional = (r.qty * pricePx) / PRICE_SCALE;
  const out: Preview = {
    strategy: r.strategy,
    schedule,
    expectedCost: cost.expectedCost,
    stdDev: Math.sqrt(cost.variance),
    expectedCostBps: (cost.expectedCost / notional) * 10_000,
    stdDevBps: (Math.sqrt(cost.variance) / notional) * 10_000,
    lambda,
    parameters: params,
    residual,
  };
  if (r.strategy === 'is') {
    const { lambda: _current, ...rest } = p;
    const lambdas = [0, lambda / 100, lambda / 10, lambda, lambda * 10, lambda * 100].filter((x, i, a) => a.indexOf(x) === i);
    out.frontier = efficientFrontier(rest, lambdas).map((f) => ({ ...f, current: f.lambda === lambda }));
  }
  return out;
}
