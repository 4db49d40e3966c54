import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closedFormCost } from '../../engine/strategies/almgrenChriss';

const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/schedule.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });
const paper = ['--qty', '1000000', '--horizon', '5', '--periods', '5', '--sigma', '0.95', '--eta', '2.5e-6', '--gamma', '2.5e-7', '--epsilon', '0.0625'];

describe('npm run schedule', () => {
  it('prints the IS schedule as one JSON object: holdings Q … 0, N slices, the closed-form E and V, and the frontier', () => {
    const out = JSON.parse(run('--strategy', 'is', ...paper, '--lambda', '1e-6', '--json'));
    expect(out.holdings).toHaveLength(6);
    expect(out.holdings[0]).toBe(1_000_000);
    expect(out.holdings[5]).toBe(0);
    expect(out.trades.reduce((a: number, b: number) => a + b, 0)).toBe(1_000_000);
    const cf = closedFormCost({ X: 1e6, T: 5, N: 5, sigma: 0.95, eta: 2.5e-6, gamma: 2.5e-7, epsilon: 0.0625, lambda: 1e-6 });
    expect(out.expectedCost / cf.expectedCost).toBeCloseTo(1, 9);
    expect(out.variance / cf.variance).toBeCloseTo(1, 9);
    expect(out.frontier.filter((f: { current: boolean }) => f.current)).toHaveLength(1);
  });

  it('λ = 0 is the straight line, and TWAP / VWAP / POV preview too', () => {
    expect(JSON.parse(run('--strategy', 'is', ...paper, '--lambda', '0', '--json')).holdings).toEqual([1_000_000, 800_000, 600_000, 400_000, 200_000, 0]);
    expect(JSON.parse(run('--strategy', 'twap', ...paper, '--json')).trades).toEqual([200_000, 200_000, 200_000, 200_000, 200_000]);
    const v = JSON.parse(run('--strategy', 'vwap', '--qty', '13000', '--periods', '13', '--json'));
    expect(v.trades[0]).toBeGreaterThan(v.trades[6]);
    const p = JSON.parse(run('--strategy', 'pov', '--qty', '10000', '--periods', '13', '--adv', '1000000', '--rate', '0.05', '--json'));
    expect(p.residual).toBe(0);
  });

  it('refuses bad arguments with a clear message', () => {
    expect(() => run('--strategy', 'is', '--qty', 'lots', '--json')).toThrow(/--qty must be a number/);
    expect(() => run('--strategy', 'magic', '--qty', '100')).toThrow(/--strategy must be is, twap, vwap or pov/);
    expect(() => run('--strategy', 'is', ...paper, '--gamma', '1', '--lambda', '1e-6')).toThrow(/η̃ = η − γτ\/2 must be positive/);
  });
});
