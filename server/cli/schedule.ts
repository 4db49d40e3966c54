/**
 * Pre-trade preview from the command line:
 *   npm run schedule -- --strategy is --qty Q --horizon DAYS --periods N --sigma S --eta ETA
 *                       --gamma G --epsilon EPS --lambda L [--lot 100] [--json]
 *   --strategy twap|vwap|pov previews the others (vwap/pov: --start HH:MM, pov: --adv A --rate R).
 * With --json, stdout is one JSON object: holdings (N+1 boundaries, Q … 0), trades (N slices),
 * expectedCost and variance in Almgren–Chriss units, and for IS the efficient frontier.
 */
import { parseArgs } from 'node:util';
import { costOf, efficientFrontier, type AcParams } from '../../engine/strategies/almgrenChriss';
import { implementationShortfall, pov, twap, vwap } from '../../engine/strategies/schedules';
import { SESSION_MS } from '../../engine/market/profile';

function fail(message: string): number {
  process.stderr.write(`schedule: ${message}\n`);
  return 2;
}

function main(): number {
  let a;
  try {
    a = parseArgs({
      options: {
        strategy: { type: 'string', default: 'is' },
        qty: { type: 'string' },
        horizon: { type: 'string', default: '1' },
        periods: { type: 'string', default: '13' },
        sigma: { type: 'string', default: '0' },
        eta: { type: 'string', default: '0' },
        gamma: { type: 'string', default: '0' },
        epsilon: { type: 'string', default: '0' },
        lambda: { type: 'string', default: '0' },
        lot: { type: 'string', default: '1' },
        start: { type: 'string', default: '09:30' },
        adv: { type: 'string' },
        rate: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    return fail((err as Error).message);
  }
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, not "${v ?? ''}"`);
    return n;
  };
  let p: AcParams;
  let lot: number;
  try {
    p = { X: num('qty', a.qty), T: num('horizon', a.horizon), N: num('periods', a.periods), sigma: num('sigma', a.sigma), eta: num('eta', a.eta), gamma: num('gamma', a.gamma), epsilon: num('epsilon', a.epsilon), lambda: num('lambda', a.lambda) };
    lot = num('lot', a.lot);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!Number.isInteger(p.X) || p.X <= 0 || p.X % lot !== 0) return fail(`--qty must be a positive whole number of lots of ${lot}`);
  if (!Number.isInteger(p.N) || p.N < 1) return fail('--periods must be a whole number ≥ 1');
  const m = /^(\d{2}):(\d{2})$/.exec(a.start!);
  if (!m) return fail('--start must be HH:MM (New York time)');
  const startMs = ((Number(m[1]) - 9) * 60 + Number(m[2]) - 30) * 60_000;
  const windowMs = Math.min(SESSION_MS - startMs, p.T * SESSION_MS);
  if (startMs < 0 || windowMs <= 0) return fail('--start must be within the 09:30–16:00 session');

  let out: Record<string, unknown>;
  try {
    switch (a.strategy) {
      case 'is': {
        const s = implementationShortfall(p, lot);
        const lambdas = [0, ...[1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4].map((x) => x)];
        if (!lambdas.includes(p.lambda)) lambdas.push(p.lambda);
        lambdas.sort((x, y) => x - y);
        const { lambda: _l, ...rest } = p;
        out = {
          strategy: 'is',
          qty: p.X,
          horizon: p.T,
          periods: p.N,
          holdings: s.holdings,
          trades: s.trades,
          expectedCost: s.expectedCost,
          variance: s.variance,
          exactHoldings: s.exactHoldings,
          roundedCost: s.rounded,
          frontier: efficientFrontier(rest, lambdas).map((f) => ({ ...f, current: f.lambda === p.lambda })),
        };
        break;
      }
      case 'twap':
      case 'vwap': {
        const s = a.strategy === 'twap' ? twap(p.X, p.N, lot) : vwap(p.X, p.N, startMs, windowMs, lot);
        out = { strategy: a.strategy, qty: p.X, horizon: p.T, periods: p.N, holdings: s.holdings, trades: s.trades, ...costOf(p, s.holdings) };
        break;
      }
      case 'pov': {
        const adv = num('adv', a.adv);
        const rate = num('rate', a.rate);
        if (!(rate > 0 && rate <= 1)) return fail('--rate must be a participation between 0 and 1');
        const s = pov(p.X, p.N, startMs, windowMs, adv, rate, lot);
        out = { strategy: 'pov', qty: p.X, horizon: p.T, periods: p.N, rate, holdings: s.holdings, trades: s.trades, residual: s.residual, ...costOf(p, s.holdings) };
        break;
      }
      default:
        return fail(`--strategy must be is, twap, vwap or pov, not "${a.strategy}"`);
    }
  } catch (err) {
    return fail((err as Error).message);
  }
  if (a.json) process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  else {
    const o = out as { strategy: string; holdings: number[]; trades: number[]; expectedCost: number; variance: number };
    process.stdout.write(
      [
        `${o.strategy.toUpperCase()} schedule for ${p.X.toLocaleString('en-US')} shares in ${p.N} periods over ${p.T} day(s)`,
        ...o.trades.map((t, k) => `  period ${String(k + 1).padStart(3)}: trade ${t.toLocaleString('en-US').padStart(12)}   then hold ${o.holdings[k + 1].toLocaleString('en-US').padStart(12)}`),
        `expected cost $${o.expectedCost.toLocaleString('en-US', { maximumFractionDigits: 2 })}, standard deviation $${Math.sqrt(o.variance).toLocaleString('en-US', { maximumFractionDigits: 2 })}`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

process.exitCode = main();
