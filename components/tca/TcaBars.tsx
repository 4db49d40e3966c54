import { formatQty } from '@/components/data/format';
import { formatBps, slipTone } from './tcaFormat';
import type { Bench, Breakdown, Distribution, MinuteSlip } from './tcaStats';

const BENCH_NAME: Record<Bench, string> = { vwap: 'VWAP', arrival: 'arrival' };

/** Plain DOM and SVG charts of the TCA page and its printable report (no canvas: they print cleanly). */

/**
 * Slippage by group (venue, strategy): one diverging bar each around zero — right
 * and green better than VWAP, left and red worse — with the bps and the shares.
 */
export function BreakdownBars({ rows, bench = 'vwap', testId, empty }: { rows: Breakdown[]; bench?: Bench; testId: string; empty: string }) {
  if (rows.length === 0)
    return (
      <div className="tca-chart-none" data-testid={testId} data-rows={0}>
        {empty}
      </div>
    );
  const scale = Math.max(1, ...rows.map((r) => Math.abs(r.bps ?? 0)));
  return (
    <div className="tca-bars" data-testid={testId} data-rows={rows.length}>
      {rows.map((r) => {
        const tone = slipTone(r.bps);
        const w = r.bps === null ? 0 : (50 * Math.min(1, Math.abs(r.bps) / scale));
        return (
          <div
            key={r.key}
            className="tca-bar-row"
            data-key={r.key}
            data-bps={r.bps === null ? '' : r.bps.toFixed(2)}
            title={`${r.label}: ${formatBps(r.bps)} bps vs ${BENCH_NAME[bench]} (${formatBps(r.otherBps)} vs ${BENCH_NAME[bench === 'vwap' ? 'arrival' : 'vwap']}) · ${formatQty(r.qty)} sh filled by ${formatQty(r.count)}`}
          >
            <span className="tca-bar-label mono">{r.label}</span>
            <span className="tca-bar-track">
              <i className="tca-bar-zero" />
              {w > 0 ? <i className={`tca-bar-fill ${tone}`} style={r.bps! >= 0 ? { left: '50%', width: `${w}%` } : { right: '50%', width: `${w}%` }} /> : null}
            </span>
            <span className={`tca-bar-val num tca-${tone}`}>{formatBps(r.bps)}</span>
            <span className="tca-bar-qty num muted">{formatQty(r.qty)}</span>
          </div>
        );
      })}
    </div>
  );
}

/** How child slippage is spread: shares filled per bucket of bps, red below zero and green above, with the weighted mean and median. */
export function DistributionBars({ dist, testId, empty }: { dist: Distribution; testId: string; empty: string }) {
  if (dist.buckets.length === 0)
    return (
      <div className="tca-chart-none" data-testid={testId} data-buckets={0}>
        {empty}
      </div>
    );
  const max = Math.max(1, ...dist.buckets.map((b) => b.qty));
  const first = dist.buckets[0];
  const last = dist.buckets[dist.buckets.length - 1];
  const zeroAt = dist.buckets.findIndex((b) => b.from === 0);
  // The axis names zero where it is, unless that would sit on an end label.
  const zeroPct = zeroAt > 0 ? (100 * zeroAt) / dist.buckets.length : -1;
  const zeroLabel = zeroPct >= 12 && zeroPct <= 88;
  return (
    <div className="tca-dist" data-testid={testId} data-buckets={dist.buckets.length}>
      <div className="tca-dist-cols">
        {dist.buckets.map((b, i) => (
          <span key={i} className="tca-dist-col" title={`${b.label} bps: ${formatQty(b.qty)} sh in ${formatQty(b.children)} children`}>
            <i className={`tca-dist-bar ${b.to <= 0 ? 'neg' : 'pos'}`} style={{ height: `${Math.max(b.qty > 0 ? 2 : 0, (100 * b.qty) / max)}%` }} />
          </span>
        ))}
        {zeroAt > 0 ? <i className="tca-dist-zero" style={{ left: `${(100 * zeroAt) / dist.buckets.length}%` }} /> : null}
      </div>
      <div className="tca-dist-axis num muted">
        <span>{formatBps(first.from, dist.digits)}</span>
        {zeroLabel ? (
          <span className="tca-dist-axis-zero" style={{ left: `${zeroPct}%` }}>
            0
          </span>
        ) : null}
        <span>{formatBps(last.to, dist.digits)} bps</span>
      </div>
      <div className="tca-dist-foot num">
        <span>
          mean <b className={`tca-${slipTone(dist.mean)}`}>{formatBps(dist.mean)}</b>
        </span>
        <span>
          median <b className={`tca-${slipTone(dist.median)}`}>{formatBps(dist.median)}</b>
        </span>
        <span className="muted">
          {formatQty(dist.children)} children · {dist.width} bps buckets
        </span>
      </div>
    </div>
  );
}

/** The minute chart as SVG, for the printed report: bars of each minute's slippage and the running total. */
export function MinuteBarsSvg({ minutes, width = 720, height = 220 }: { minutes: MinuteSlip[]; width?: number; height?: number }) {
  if (minutes.length === 0) return <p className="muted">No fills yet.</p>;
  const pad = { l: 48, r: 12, t: 10, b: 24 };
  const vals = minutes.flatMap((m) => [m.bps ?? 0, m.cumBps ?? 0]);
  const hi = Math.max(1, ...vals);
  const lo = Math.min(-1, ...vals);
  const h = height - pad.t - pad.b;
  const w = width - pad.l - pad.r;
  const y = (v: number) => pad.t + ((hi - v) / (hi - lo)) * h;
  const t0 = minutes[0].t;
  const t1 = Math.max(minutes[minutes.length - 1].t, t0 + 60_000);
  const x = (t: number) => pad.l + ((t - t0) / (t1 - t0)) * (w - 6);
  const bw = Math.max(1.5, Math.min(10, (w / ((t1 - t0) / 60_000 + 1)) * 0.7));
  const line = minutes.filter((m) => m.cumBps !== null).map((m, i) => `${i ? 'L' : 'M'}${x(m.t).toFixed(1)},${y(m.cumBps!).toFixed(1)}`).join('');
  const ny = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (
    <svg className="tca-svg" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label="Child slippage vs VWAP by minute">
      <line x1={pad.l} x2={width - pad.r} y1={y(0)} y2={y(0)} className="tca-svg-zero" />
      {[hi, lo].map((v) => (
        <text key={v} x={pad.l - 6} y={y(v) + 4} textAnchor="end" className="tca-svg-label">
          {formatBps(v, 1)}
        </text>
      ))}
      {minutes.map((m) =>
        m.bps === null ? null : (
          <rect key={m.t} x={x(m.t) - bw / 2} width={bw} y={Math.min(y(0), y(m.bps))} height={Math.max(0.5, Math.abs(y(m.bps) - y(0)))} className={m.bps >= 0 ? 'tca-svg-pos' : 'tca-svg-neg'} />
        ),
      )}
      <path d={line} className="tca-svg-line" />
      <text x={pad.l} y={height - 6} className="tca-svg-label">
        {ny.format(t0)}
      </text>
      <text x={width - pad.r} y={height - 6} textAnchor="end" className="tca-svg-label">
        {ny.format(t1)} NY
      </text>
    </svg>
  );
}
