'use client';

import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/data/client';
import { formatQty } from '@/components/data/format';
import { STRATEGY_LABEL, STRATEGY_TITLE, type StrategyName } from './StrategyPicker';
import { formatSpan } from './time';
import { toPoint, type Weights } from './trilemmaMath';
import type { PreviewData } from './types';

const STRATEGIES: StrategyName[] = ['twap', 'vwap', 'pov', 'is'];
/** The estimate is for "the rest of the parent from about now": re-anchored this often, not every tick. */
const REANCHOR_MS = 10_000;

const usd = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
const bps = (n: number) => `${n.toFixed(1)}`;
const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/** Expected cost against its standard deviation as risk aversion varies (IS); the current choice filled. */
function Frontier({ points }: { points: NonNullable<PreviewData['frontier']> }) {
  const w = 132;
  const h = 64;
  const xs = points.map((p) => p.stdDev);
  const ys = points.map((p) => p.expectedCost);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => 8 + ((x - x0) / (x1 - x0 || 1)) * (w - 16);
  const sy = (y: number) => h - 8 - ((y - y0) / (y1 - y0 || 1)) * (h - 16);
  const sorted = [...points].sort((a, b) => a.stdDev - b.stdDev);
  return (
    <svg className="pd-frontier" viewBox={`0 0 ${w} ${h}`} role="img" aria-label="IS efficient frontier: expected cost against risk">
      <line x1={8} y1={h - 8} x2={w - 4} y2={h - 8} className="axis" />
      <line x1={8} y1={4} x2={8} y2={h - 8} className="axis" />
      <polyline points={sorted.map((p) => `${sx(p.stdDev)},${sy(p.expectedCost)}`).join(' ')} className="curve" />
      {sorted.map((p) => (
        <circle key={p.lambda} cx={sx(p.stdDev)} cy={sy(p.expectedCost)} r={p.current ? 3.6 : 2} className={p.current ? 'cur' : 'pt'} />
      ))}
      <text x={w - 4} y={h - 1} textAnchor="end">
        risk σ →
      </text>
      <text x={11} y={10}>
        E[cost]
      </text>
    </svg>
  );
}

/**
 * Almgren–Chriss pre-trade estimate (strategies.preview) for what is left of
 * the parent over what is left of the window, for each strategy, at the point
 * being edited: expected cost and its standard deviation, in dollars and bps.
 */
export function PreTradeEstimate({
  symbol,
  remaining,
  lot,
  now,
  endAt,
  strategy,
  liveStrategy,
  point,
  povRate,
}: {
  symbol: string;
  remaining: number;
  lot: number;
  now: number;
  endAt: number | undefined;
  strategy: StrategyName | undefined;
  liveStrategy: StrategyName | undefined;
  point: Weights | null;
  povRate: number | undefined;
}) {
  const trpc = useTRPC();
  // Anchor on "now" and the remaining quantity every few seconds, and whenever the inputs change.
  const live = useRef({ now, remaining });
  live.current = { now, remaining };
  const [anchor, setAnchor] = useState({ now, remaining });
  const pointKey = point ? `${point.impact},${point.risk},${point.completion}` : '';
  useEffect(() => setAnchor(live.current), [endAt, pointKey, povRate]);
  useEffect(() => {
    const t = setInterval(() => setAnchor(live.current), REANCHOR_MS);
    return () => clearInterval(t);
  }, []);

  const qty = Math.floor(anchor.remaining / Math.max(1, lot)) * Math.max(1, lot);
  const minutes = endAt !== undefined ? Math.min(390, Math.round(((endAt - anchor.now) / 60_000) * 10) / 10) : 0;
  const enabled = qty > 0 && minutes >= 1 && !!point;
  const periods = Math.max(1, Math.min(390, Math.round(minutes)));
  const p = point ? toPoint(point) : undefined;

  const results = useQueries({
    queries: STRATEGIES.map((s) => ({
      ...trpc.strategies.preview.queryOptions({ symbol, qty: Math.max(1, qty), strategy: s, minutes: Math.max(1, minutes), periods, point: p, rate: s === 'pov' ? povRate : undefined }),
      enabled,
      staleTime: REANCHOR_MS,
      placeholderData: keepPreviousData,
      retry: false,
    })),
  });
  const rows = STRATEGIES.map((s, i) => ({ s, q: results[i] }));
  const selected = rows.find((r) => r.s === strategy)?.q.data;
  const params = selected?.parameters ?? rows.find((r) => r.q.data)?.q.data?.parameters;
  const frontier = rows.find((r) => r.s === 'is')?.q.data?.frontier;
  const error = rows.find((r) => r.q.error)?.q.error;

  return (
    <section className="pd-panel pd-estimate" data-testid="pretrade-estimate" aria-label="Pre-trade estimate" data-state={!enabled ? 'idle' : selected ? 'ready' : 'loading'}>
      <div className="panel-head">
        <h2 className="panel-title">Expected cost</h2>
        <span className="panel-meta">
          {enabled ? (
            <>
              <b className="pr-fig">{formatQty(qty)}</b> sh left · {formatSpan(minutes * 60_000)} · A–C model
            </>
          ) : (
            'nothing left to estimate'
          )}
        </span>
      </div>
      {enabled ? (
        <>
          <table className="pd-est-table">
            <thead>
              <tr>
                <th>Strategy</th>
                <th className="r" title="Expected cost, dollars (bps of notional)">
                  E[cost]
                </th>
                <th className="r">bps</th>
                <th className="r" title="Standard deviation of cost: the market risk still taken">
                  ±σ
                </th>
                <th className="r">bps</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ s, q }) => (
                <tr key={s} className={`${s === strategy ? 'sel' : ''}`} data-testid={`estimate-${s}`} title={STRATEGY_TITLE[s]}>
                  <td>
                    {STRATEGY_LABEL[s]}
                    {s === liveStrategy ? <span className="pd-live-tag">live</span> : null}
                  </td>
                  <td className="r num">{q.data ? usd(q.data.expectedCost) : '…'}</td>
                  <td className="r num">{q.data ? bps(q.data.expectedCostBps) : ''}</td>
                  <td className="r num">{q.data ? usd(q.data.stdDev) : ''}</td>
                  <td className="r num">{q.data ? bps(q.data.stdDevBps) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pd-est-foot">
            {params ? (
              <dl className="pd-params" data-testid="trilemma-params" title="What the point means for the strategy (the one trilemma mapping)">
                <div>
                  <dt className="greek" title="Almgren–Chriss urgency: 0 is the straight line, larger front-loads">κT</dt>
                  <dd>{params.urgencyKT.toFixed(2)}</dd>
                </div>
                <div>
                  <dt>Part. cap</dt>
                  <dd>{pct(params.participationCap)}</dd>
                </div>
                <div>
                  <dt>Passive</dt>
                  <dd>{pct(params.passivity)}</dd>
                </div>
                <div>
                  <dt>Catch-up</dt>
                  <dd>{pct(params.catchUp)}</dd>
                </div>
                <div>
                  <dt>At end</dt>
                  <dd>{params.endOfWindow}</dd>
                </div>
              </dl>
            ) : null}
            {frontier && frontier.length > 1 ? <Frontier points={frontier} /> : null}
          </div>
        </>
      ) : null}
      {error ? <div className="pd-est-error">{error.message}</div> : null}
    </section>
  );
}
