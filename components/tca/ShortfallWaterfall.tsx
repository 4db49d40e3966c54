import type { TcaTotalRow } from '@/server/trpc/tca';
import { costTone, formatBps, formatUsd } from './tcaFormat';

type ShortfallUsd = NonNullable<TcaTotalRow['shortfall']>;

export const COMPONENTS = [
  { key: 'delay', label: 'Delay', title: 'The move between the decision (the arrival mid) and the start of trading, on the shares filled' },
  { key: 'execution', label: 'Execution', title: 'What the fills paid against the mid when trading started' },
  { key: 'opportunity', label: 'Opportunity', title: 'What not filling the rest cost: the move from arrival to the end (or now) on the unfilled shares' },
  { key: 'fees', label: 'Fees', title: 'Explicit venue fees paid, net of rebates' },
] as const;

/**
 * The implementation shortfall (Perold 1988) as a waterfall: delay, execution,
 * opportunity and fees, each a step from where the one before ended, to the
 * total. Positive is a cost (red, to the right); a gain steps left in green.
 * Bars are in bps of the paper notional; the dollars sit beside them.
 */
export function ShortfallWaterfall({ s, testId }: { s: ShortfallUsd; testId?: string }) {
  const steps: Array<{ key: string; label: string; title: string; from: number; to: number; bps: number; usd: number; total?: boolean }> = [];
  let run = 0;
  for (const c of COMPONENTS) {
    const bps = s.bps[c.key];
    steps.push({ key: c.key, label: c.label, title: c.title, from: run, to: run + bps, bps, usd: s[c.key] });
    run += bps;
  }
  steps.push({ key: 'total', label: 'Total', title: 'Delay + execution + opportunity + fees', from: 0, to: s.bps.total, bps: s.bps.total, usd: s.total, total: true });
  const lo = Math.min(0, ...steps.flatMap((x) => [x.from, x.to]));
  const hi = Math.max(0, ...steps.flatMap((x) => [x.from, x.to]));
  const span = Math.max(hi - lo, 0.5);
  const pct = (v: number) => (100 * (v - lo)) / span;
  return (
    <div className="tca-wf" data-testid={testId} data-total-bps={s.bps.total.toFixed(2)} data-total-usd={s.total.toFixed(2)}>
      <div className="tca-wf-row tca-wf-head">
        <span />
        <span className="tca-wf-scale muted num">
          <span>{formatBps(lo, 1)}</span>
          <span>cost →</span>
          <span>{formatBps(hi, 1)} bps</span>
        </span>
        <span className="num">bps</span>
        <span className="num">$</span>
      </div>
      {steps.map((x) => {
        const tone = costTone(x.bps);
        const left = pct(Math.min(x.from, x.to));
        const width = Math.max(0.6, Math.abs(pct(x.to) - pct(x.from)));
        return (
          <div key={x.key} className={`tca-wf-row ${x.total ? 'total' : ''}`} data-component={x.key} data-bps={x.bps.toFixed(2)} data-usd={x.usd.toFixed(2)} title={x.title}>
            <span className="tca-wf-label">{x.label}</span>
            <span className="tca-wf-track">
              <i className="tca-wf-zero" style={{ left: `${pct(0)}%` }} />
              <i className={`tca-wf-bar ${tone} ${x.total ? 'total' : ''}`} style={{ left: `${left}%`, width: `${width}%` }} />
            </span>
            <span className={`tca-wf-n num tca-${tone === 'pos' ? 'pos' : tone === 'neg' ? 'neg' : 'flat'}`}>{formatBps(x.bps)}</span>
            <span className={`tca-wf-n num tca-${tone === 'pos' ? 'pos' : tone === 'neg' ? 'neg' : 'flat'}`}>{formatUsd(x.usd)}</span>
          </div>
        );
      })}
    </div>
  );
}
