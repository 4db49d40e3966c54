'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ChildTcaRow, OrderTcaRow, ParentTcaRow, TcaSummary, TcaTotalRow } from '@/server/trpc/tca';
import { useTRPC } from '@/components/data/client';
import { formatNyTime, formatPrice, formatQty } from '@/components/data/format';
import { useSessionUser } from '@/components/data/hooks';
import { KIND_LABEL } from '@/components/routing/childColumns';
import { ShortfallWaterfall } from './ShortfallWaterfall';
import { BreakdownBars, DistributionBars, MinuteBarsSvg } from './TcaBars';
import { costTone, formatBps, formatPx4, formatShare, formatUsd, formatUsdShort, slipTone, strategyLabel } from './tcaFormat';
import { byStrategy, byVenue, slippageByMinute, slippageDistribution } from './tcaStats';
import './tca.css';

const nyDate = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });

const Bps = ({ v, cost }: { v: number | null | undefined; cost?: boolean }) => <span className={`tca-${cost ? costTone(v) : slipTone(v)}`}>{formatBps(v)}</span>;
const Usd = ({ v }: { v: number | null | undefined }) => <span className={`tca-${costTone(v)}`}>{formatUsd(v)}</span>;

function Sheet({ id, title, children }: { id: string; title?: string; children: ReactNode }) {
  return (
    <section className="tca-sheet" data-testid={`tca-print-${id}`}>
      {title ? <h2>{title}</h2> : null}
      {children}
    </section>
  );
}

function Kpis({ s }: { s: TcaSummary }) {
  const items = [
    { label: 'VWAP slippage', value: <Bps v={s.parentVsVwapBps} />, sub: `bps · children ${formatBps(s.childVsVwapBps)}` },
    { label: 'vs Arrival', value: <Bps v={s.parentVsArrivalBps} />, sub: `bps · children ${formatBps(s.childVsArrivalBps)}` },
    { label: 'Shortfall', value: <Bps v={s.orders.shortfallBps} cost />, sub: `bps · ${formatUsdShort(s.orders.shortfallUsd)} of ${formatUsdShort(s.orders.paperUsd)}` },
    { label: 'Fees', value: formatUsd(s.orders.feesUsd), sub: 'dollars, net of rebates' },
    { label: 'Crossed inside', value: formatShare(s.crossedShare), sub: `${formatQty(s.crossedQty)} of ${formatQty(s.askedQty)} sh` },
    { label: 'Executed', value: formatQty(s.marketQty), sub: `sh · ${formatQty(s.counts.children)} children · ${formatQty(s.counts.parents)} parents` },
  ];
  return (
    <div className="tca-print-kpis" data-testid="tca-print-kpis">
      {items.map((k) => (
        <div key={k.label} className="tca-print-kpi">
          <span>{k.label}</span>
          <b>{k.value}</b>
          <small>{k.sub}</small>
        </div>
      ))}
    </div>
  );
}

const Empty = ({ what }: { what: string }) => <p className="tca-print-empty">No {what} yet.</p>;

function ParentsTable({ rows, total }: { rows: ParentTcaRow[]; total: TcaTotalRow }) {
  if (rows.length === 0) return <Empty what="parents" />;
  const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt);
  return (
    <table className="tca-print-table" data-testid="tca-print-parents-table">
      <thead>
        <tr>
          <th className="l">Parent</th>
          <th className="l">Side · symbol</th>
          <th className="l">Strategy</th>
          <th className="l">Status</th>
          <th>Qty</th>
          <th>Filled</th>
          <th>Crossed</th>
          <th>Arrival</th>
          <th>VWAP</th>
          <th>Avg px</th>
          <th>vs VWAP</th>
          <th>vs Arrival</th>
          <th>Delay $</th>
          <th>Exec $</th>
          <th>Opp $</th>
          <th>Fees $</th>
          <th>IS $</th>
          <th>IS bps</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.parentId}>
            <td className="l">{r.parentId}</td>
            <td className="l">
              {r.side.toUpperCase()} {r.symbol}
            </td>
            <td className="l">{strategyLabel(r.strategy)}</td>
            <td className="l">{r.status}</td>
            <td>{formatQty(r.qty)}</td>
            <td>{formatQty(r.filled)}</td>
            <td>{formatQty(r.crossed)}</td>
            <td>{formatPx4(r.arrivalPx)}</td>
            <td>{formatPx4(r.vwapBenchmark)}</td>
            <td>{r.avgPx === null ? '' : formatPrice(r.avgPx)}</td>
            <td><Bps v={r.slippageVsVwapBps} /></td>
            <td><Bps v={r.slippageVsArrivalBps} /></td>
            <td><Usd v={r.shortfall?.delay} /></td>
            <td><Usd v={r.shortfall?.execution} /></td>
            <td><Usd v={r.shortfall?.opportunity} /></td>
            <td><Usd v={r.shortfall?.fees} /></td>
            <td><Usd v={r.shortfall?.total} /></td>
            <td><Bps v={r.shortfall?.bps.total} cost /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="tca-print-parents-total">
          <td className="l" colSpan={4}>TOTAL · {formatQty(total.rows)} parents</td>
          <td>{formatQty(total.qty)}</td>
          <td>{formatQty(total.filled)}</td>
          <td>{formatQty(total.crossed)}</td>
          <td />
          <td />
          <td />
          <td><Bps v={total.slippageVsVwapBps} /></td>
          <td><Bps v={total.slippageVsArrivalBps} /></td>
          <td><Usd v={total.shortfall?.delay} /></td>
          <td><Usd v={total.shortfall?.execution} /></td>
          <td><Usd v={total.shortfall?.opportunity} /></td>
          <td><Usd v={total.shortfall?.fees} /></td>
          <td><Usd v={total.shortfall?.total} /></td>
          <td><Bps v={total.shortfall?.bps.total} cost /></td>
        </tr>
      </tfoot>
    </table>
  );
}

function ChildrenTable({ rows, total }: { rows: ChildTcaRow[]; total: TcaTotalRow }) {
  if (rows.length === 0) return <Empty what="child fills" />;
  const sorted = [...rows].sort((a, b) => a.placedAt - b.placedAt);
  return (
    <table className="tca-print-table" data-testid="tca-print-children-table">
      <thead>
        <tr>
          <th className="l">Child</th>
          <th className="l">Time (NY)</th>
          <th className="l">Parent</th>
          <th className="l">Symbol</th>
          <th className="l">Side</th>
          <th className="l">Venue</th>
          <th className="l">Type</th>
          <th>Qty</th>
          <th>Price</th>
          <th>VWAP</th>
          <th>Perf bps</th>
          <th>Arrival</th>
          <th>vs Arrival</th>
          <th>Fees $</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.childId}>
            <td className="l">{r.childId}</td>
            <td className="l">{formatNyTime(r.placedAt)}</td>
            <td className="l">{r.parentId}</td>
            <td className="l">{r.symbol}</td>
            <td className="l">{r.side.toUpperCase()}</td>
            <td className="l">{r.venue}</td>
            <td className="l">{KIND_LABEL[r.kind] ?? r.kind}</td>
            <td>{formatQty(r.filled)}</td>
            <td>{r.avgPx === null ? '' : formatPrice(r.avgPx)}</td>
            <td>{formatPx4(r.vwap)}</td>
            <td><Bps v={r.slippageVsVwapBps} /></td>
            <td>{formatPx4(r.arrivalPx)}</td>
            <td><Bps v={r.slippageVsArrivalBps} /></td>
            <td><Usd v={r.fees} /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="tca-print-children-total">
          <td className="l" colSpan={7}>TOTAL · {formatQty(total.rows)} children</td>
          <td>{formatQty(total.filled)}</td>
          <td />
          <td />
          <td><Bps v={total.slippageVsVwapBps} /></td>
          <td />
          <td><Bps v={total.slippageVsArrivalBps} /></td>
          <td><Usd v={total.fees} /></td>
        </tr>
      </tfoot>
    </table>
  );
}

function OrdersTable({ rows, total }: { rows: OrderTcaRow[]; total: TcaTotalRow }) {
  if (rows.length === 0) return <Empty what="small orders" />;
  const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt);
  return (
    <table className="tca-print-table" data-testid="tca-print-orders-table">
      <thead>
        <tr>
          <th className="l">Order</th>
          <th className="l">Owner</th>
          <th className="l">Symbol</th>
          <th className="l">Side</th>
          <th className="l">Status</th>
          <th className="l">Parent</th>
          <th>Qty</th>
          <th>Filled</th>
          <th>Crossed</th>
          <th>Arrival</th>
          <th>Avg px</th>
          <th>vs Arrival</th>
          <th>vs VWAP</th>
          <th>IS $</th>
          <th>IS bps</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.orderId}>
            <td className="l">{r.orderId}</td>
            <td className="l">{r.owner}</td>
            <td className="l">{r.symbol}</td>
            <td className="l">{r.side.toUpperCase()}</td>
            <td className="l">{r.status}</td>
            <td className="l">{r.parentId ?? '—'}</td>
            <td>{formatQty(r.qty)}</td>
            <td>{formatQty(r.filled)}</td>
            <td>{formatQty(r.crossed)}</td>
            <td>{formatPx4(r.arrivalPx)}</td>
            <td>{r.avgPx === null ? '' : formatPrice(r.avgPx)}</td>
            <td><Bps v={r.slippageVsArrivalBps} /></td>
            <td><Bps v={r.slippageVsVwapBps} /></td>
            <td><Usd v={r.shortfall?.total} /></td>
            <td><Bps v={r.shortfall?.bps.total} cost /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td className="l" colSpan={6}>TOTAL · {formatQty(total.rows)} orders</td>
          <td>{formatQty(total.qty)}</td>
          <td>{formatQty(total.filled)}</td>
          <td>{formatQty(total.crossed)}</td>
          <td />
          <td />
          <td><Bps v={total.slippageVsArrivalBps} /></td>
          <td><Bps v={total.slippageVsVwapBps} /></td>
          <td><Usd v={total.shortfall?.total} /></td>
          <td><Bps v={total.shortfall?.bps.total} cost /></td>
        </tr>
      </tfoot>
    </table>
  );
}

/**
 * /tca/print: the TCA as a report a manager prints or saves as PDF — summary,
 * charts, parents, small orders and children, one section a page (A4
 * landscape), the rows this user may see, as of the moment it was opened.
 */
export function TcaPrint() {
  const trpc = useTRPC();
  const me = useSessionUser();
  const q = useQuery({ ...trpc.tca.report.queryOptions(), staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false });
  const r = q.data;

  return (
    <div className="tca-print-wrap" data-testid="tca-print-page" data-ready={r ? 'true' : 'false'}>
      <div className="tca-print-bar">
        <Link href="/tca" className="btn tca-mini-btn" data-testid="tca-print-back">
          ← TCA
        </Link>
        <span className="panel-meta">{r ? `Report as of ${formatNyTime(r.summary.asOf)} NY` : q.error ? `Could not load the report: ${q.error.message}` : 'Loading…'}</span>
        <span className="panel-spacer" />
        <button type="button" className="btn tca-mini-btn" onClick={() => void q.refetch()} disabled={q.isFetching} data-testid="tca-print-refresh">
          Refresh
        </button>
        <button type="button" className="btn btn-primary tca-mini-btn" onClick={() => window.print()} disabled={!r} data-testid="tca-print-button">
          Print / Save as PDF
        </button>
      </div>
      {r ? (
        <div className="tca-print">
          <Sheet id="summary">
            <div className="tca-print-brand">
              <h1>Transaction Cost Analysis</h1>
              <span>Smart Trading Desk</span>
            </div>
            <div className="tca-print-meta">
              <span>{nyDate.format(r.summary.asOf)}</span>
              <span>
                As of <b>{formatNyTime(r.summary.asOf)}</b> New York{r.summary.marketClosed ? ' · market closed' : ' · market open: working orders measured to now'}
              </span>
              <span>Scope: {r.summary.scope === 'own' ? `${me.data?.display ?? 'my'}’s parents and orders` : 'all desks'}</span>
              <span>Prepared for {me.data ? `${me.data.display} (${me.data.role})` : '…'}</span>
            </div>
            <Kpis s={r.summary} />
            <div className="tca-print-cols">
              <div>
                <h3>Shortfall decomposition — all parents</h3>
                {r.summary.totals.parents.shortfall ? <ShortfallWaterfall s={r.summary.totals.parents.shortfall} /> : <Empty what="parents" />}
              </div>
              <div>
                <h3>By strategy — parents vs VWAP, bps · shares</h3>
                <BreakdownBars rows={byStrategy(r.parents)} testId="tca-print-strategy" empty="No fills yet." />
                <h3>By venue — children vs VWAP, bps · shares</h3>
                <BreakdownBars rows={byVenue(r.children)} testId="tca-print-venue" empty="No fills yet." />
              </div>
            </div>
            <p className="tca-print-note">
              Slippage in basis points of the benchmark, positive when better than it, for buys and sells alike; totals weight each line by shares filled. Benchmarks: arrival = the mid when the order (parent, child) arrived;
              VWAP = every print of the name over the execution window (start → done, or now while working); TWAP = the mean of the per-second mids over it; close = the session’s last print. Implementation shortfall (Perold 1988) against a paper
              order filled at the arrival mid: delay + execution + opportunity + fees, positive a cost, in bps of the paper notional.
            </p>
          </Sheet>
          <Sheet id="charts" title="Slippage over time and its distribution">
            <h3>Children vs VWAP by minute sent (bars) and the day so far (line), bps</h3>
            <MinuteBarsSvg minutes={slippageByMinute(r.children)} />
            <h3>Distribution — shares filled by child slippage vs VWAP</h3>
            <DistributionBars dist={slippageDistribution(r.children)} testId="tca-print-dist" empty="No fills yet." />
          </Sheet>
          <Sheet id="parents" title={`Parents — ${formatQty(r.parents.length)}`}>
            <ParentsTable rows={r.parents} total={r.summary.totals.parents} />
          </Sheet>
          <Sheet id="orders" title={`Small orders — ${formatQty(r.orders.length)}`}>
            <OrdersTable rows={r.orders} total={r.summary.totals.orders} />
          </Sheet>
          <Sheet id="children" title={`Child orders — ${formatQty(r.children.length)} with fills`}>
            <ChildrenTable rows={r.children} total={r.summary.totals.children} />
          </Sheet>
        </div>
      ) : null}
    </div>
  );
}
