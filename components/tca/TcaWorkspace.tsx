'use client';

import Link from 'next/link';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { ChildTcaRow, OrderTcaRow, ParentTcaRow, TcaTotalRow } from '@/server/trpc/tca';
import { formatNyTime, formatQty } from '@/components/data/format';
import { FeedWarning } from '@/components/data/FeedWarning';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { useRouter } from 'next/navigation';
import { useConnection, useSessionUser } from '@/components/data/hooks';
import { ShortfallPanel } from './ShortfallPanel';
import { SlippageTimeChart } from './SlippageTimeChart';
import { BreakdownBars, DistributionBars } from './TcaBars';
import { CHILD_COLUMNS, ORDER_COLUMNS, PARENT_COLUMNS, type WithTotal } from './tcaColumns';
import { TcaStore, useTcaStream } from './tcaFeed';
import { TcaGrid } from './TcaGrid';
import { TcaTiles } from './TcaTiles';
import { byStrategy, byVenue, slippageByMinute, slippageDistribution, type Bench } from './tcaStats';
import './tca.css';

type Tab = 'parents' | 'children' | 'orders';
const TABS: { id: Tab; label: string; title: string }[] = [
  { id: 'parents', label: 'Parents', title: 'Each parent against arrival, its interval VWAP, TWAP and the close, with its implementation shortfall' },
  { id: 'children', label: 'Children', title: 'Every child order with a fill against the VWAP while it was out — like a broker’s TCA report' },
  { id: 'orders', label: 'Small orders', title: 'What the desk cost each small order, crosses included' },
];

const parentTotal = (total: TcaTotalRow) => ({ parentId: 'TOTAL', total }) as WithTotal<ParentTcaRow>;
const childTotal = (total: TcaTotalRow) => ({ childId: 'TOTAL', total }) as WithTotal<ChildTcaRow>;
const orderTotal = (total: TcaTotalRow) => ({ orderId: 'TOTAL', total }) as WithTotal<OrderTcaRow>;

/** The exports, one CSV per level, with a TOTAL line; the rows this user may see. */
export function ExportLinks() {
  return (
    <div className="tca-exports" role="group" aria-label="Export CSV">
      <span className="tca-exports-label">CSV</span>
      {(['parents', 'children', 'orders'] as const).map((level) => (
        <a key={level} className="btn tca-mini-btn" href={`/api/tca/export.csv?level=${level}`} download data-testid={`tca-export-${level}`} title={`Download the ${level} TCA as CSV, with a total line`}>
          {level === 'orders' ? 'Orders' : level[0].toUpperCase() + level.slice(1)}
        </a>
      ))}
    </div>
  );
}

/**
 * /tca: transaction cost analysis, live. Tiles on top (slippage vs VWAP and
 * arrival, shortfall, fees, crossed share, executed); the parents / children /
 * small orders blotters with a pinned TOTAL line beside the shortfall
 * decomposition of the picked parent; below them slippage over time, its
 * distribution, by venue and by strategy. Exports and a printable report in
 * the head.
 */
export function TcaWorkspace() {
  const me = useSessionUser();
  const conn = useConnection();
  const [store] = useState(() => new TcaStore(['children', 'parents', 'orders']));
  useTcaStream(store);
  const summary = useSyncExternalStore(store.subscribeSummary, store.getSummary, store.getSummary);
  const pStats = useSyncExternalStore(store.parents.subscribeStats, store.parents.getStats, store.parents.getStats);
  const cStats = useSyncExternalStore(store.children.subscribeStats, store.children.getStats, store.children.getStats);
  const oStats = useSyncExternalStore(store.orders.subscribeStats, store.orders.getStats, store.orders.getStats);

  const [tab, setTab] = useState<Tab>('parents');
  const [bench, setBench] = useState<Bench>('vwap');
  const [picked, setPicked] = useState<string | null>(null);
  const [pickedChild, setPickedChild] = useState<string | null>(null);
  const [pickedOrder, setPickedOrder] = useState<string | null>(null);
  const pickParent = useCallback((r: ParentTcaRow) => setPicked(r.parentId), []);
  const pickChild = useCallback((r: ChildTcaRow) => (setPickedChild(r.childId), setPicked(r.parentId)), []);
  const pickOrder = useCallback((r: OrderTcaRow) => (setPickedOrder(r.orderId), setPicked(r.parentId)), []);
  const layouts = { parents: useGridLayout('tca.parents'), children: useGridLayout('tca.children'), orders: useGridLayout('tca.orders') };
  const router = useRouter();
  // Enter on a parent opens its page; Escape lets go of what is picked.
  const openParent = useCallback((r: ParentTcaRow) => router.push(`/parents/${encodeURIComponent(r.parentId)}`), [router]);
  const unpick = useCallback(() => (setPicked(null), setPickedChild(null), setPickedOrder(null)), []);
  const getPicked = useCallback(() => (picked ? store.parents.get(picked) : undefined), [store, picked]);
  const pickedRow = useSyncExternalStore(store.parents.subscribeStats, getPicked, getPicked);

  // The charts follow the rows, recomputed when a message lands (once a second at most).
  const minutes = useMemo(() => (void cStats.version, slippageByMinute(store.children.all(), bench)), [store, cStats.version, bench]);
  const dist = useMemo(() => (void cStats.version, slippageDistribution(store.children.all(), bench)), [store, cStats.version, bench]);
  const venues = useMemo(() => (void cStats.version, byVenue(store.children.all(), bench)), [store, cStats.version, bench]);
  const strategies = useMemo(() => (void pStats.version, byStrategy(store.parents.all(), bench)), [store, pStats.version, bench]);
  const allParents = useMemo(() => (void pStats.version, store.parents.all()), [store, pStats.version]);
  const benchName = bench === 'vwap' ? 'VWAP' : 'arrival';

  const trader = me.data?.role === 'trader';
  const ready = summary !== null;
  const noFills = ready && cStats.total === 0;
  const counts: Record<Tab, number> = { parents: pStats.total, children: cStats.total, orders: oStats.total };
  const emptyChart = trader ? 'No fills yet — stage orders on the Orders page; this fills in as their children execute.' : 'No fills yet — this fills in as children execute.';

  return (
    <div className="tca-page" data-testid="tca-page" data-conn={conn.state} data-ready={ready ? 'true' : 'false'} data-scope={summary?.scope ?? ''} data-bench={bench}>
      <div className="panel-head tca-head">
        <h1 className="panel-title">Transaction Cost Analysis</h1>
        <span className="panel-meta" data-testid="tca-asof">
          {ready ? `as of ${formatNyTime(summary.asOf)} NY${summary.marketClosed ? ' · market closed' : ''}` : 'loading…'} · {trader ? 'my parents and orders' : 'all desks'}
        </span>
        <span className="panel-spacer" />
        <div className="pr-filter tca-bench" role="group" aria-label="Charts measure against" title="What the four charts below measure against">
          <span className="tca-exports-label">CHARTS VS</span>
          {(['vwap', 'arrival'] as const).map((b) => (
            <button key={b} type="button" className="pr-filter-btn" aria-pressed={bench === b} data-testid={`tca-bench-${b}`} onClick={() => setBench(b)}>
              {b === 'vwap' ? 'VWAP' : 'Arrival'}
            </button>
          ))}
        </div>
        <FeedWarning testId="tca-warning" />
        <ExportLinks />
        <Link href="/tca/print" className="btn tca-mini-btn" data-testid="tca-print-link" title="A printable report: summary, parents, children, small orders and charts, one section a page">
          Printable report
        </Link>
      </div>

      <TcaTiles summary={summary} />

      <div className="tca-main">
        <section className="tca-panel tca-blotter blotter" data-conn={conn.state} aria-label="TCA blotter" data-testid="tca-blotter" data-tab={tab}>
          <div className="panel-head">
            <div className="pr-filter tca-tabs" role="tablist" aria-label="Level">
              {TABS.map((t) => (
                <button key={t.id} type="button" role="tab" className="pr-filter-btn" aria-selected={tab === t.id} aria-pressed={tab === t.id} data-testid={`tca-tab-${t.id}`} onClick={() => setTab(t.id)} title={t.title}>
                  {t.label}
                  <span className="pr-filter-n num">{formatQty(counts[t.id])}</span>
                </button>
              ))}
            </div>
            <span className="panel-meta tca-blotter-meta tca-legend" title="Slippage in bps of the benchmark: + better, − worse, for buys and sells alike. IS: implementation shortfall, + is a cost.">
              bps <b className="tca-pos">+ better</b> / <b className="tca-neg">− worse</b> than the benchmark · IS <b className="tca-neg">+ cost</b>
              {tab === 'children' ? ' · each child vs the VWAP while it was out' : tab === 'orders' ? ' · each small order from its arrival' : ''}
            </span>
            <span className="panel-spacer" />
            {noFills ? (
              <span className="tca-nofills" data-testid="tca-nofills">
                no fills yet — slippage appears once children fill
              </span>
            ) : (
              <span className="panel-meta muted" title="The TOTAL line weights bps by shares filled and adds up shares and dollars">
                total: bps weighted by shares
              </span>
            )}
            <LayoutMenu key={tab} layout={layouts[tab]} label={`TCA ${tab}`} />
          </div>
          {tab === 'parents' ? (
            <TcaGrid<ParentTcaRow>
              key="parents"
              feed={store.parents}
              columns={PARENT_COLUMNS}
              idOf={(r) => r.parentId}
              total={summary?.totals.parents}
              totalRow={parentTotal}
              selectedId={picked}
              onSelect={pickParent}
              layout={layouts.parents}
              onOpen={openParent}
              onEscape={unpick}
              testId="tca-parents"
              empty={trader ? 'No parents hold your orders yet — stage orders on the Orders page; parents appear here as they form, with their slippage once children fill.' : 'No parents yet — they appear here as orders aggregate, with their slippage once children fill.'}
            />
          ) : tab === 'children' ? (
            <TcaGrid<ChildTcaRow>
              key="children"
              feed={store.children}
              columns={CHILD_COLUMNS}
              idOf={(r) => r.childId}
              total={summary?.totals.children}
              totalRow={childTotal}
              selectedId={pickedChild}
              onSelect={pickChild}
              layout={layouts.children}
              onEscape={unpick}
              testId="tca-children"
              empty="No fills yet — children appear here once they fill."
            />
          ) : (
            <TcaGrid<OrderTcaRow>
              key="orders"
              feed={store.orders}
              columns={ORDER_COLUMNS}
              idOf={(r) => r.orderId}
              total={summary?.totals.orders}
              totalRow={orderTotal}
              selectedId={pickedOrder}
              onSelect={pickOrder}
              layout={layouts.orders}
              onEscape={unpick}
              testId="tca-orders"
              empty={trader ? 'No orders yet — stage one on the Orders page.' : 'No small orders yet.'}
            />
          )}
        </section>
        <ShortfallPanel parent={pickedRow} parents={allParents} summary={summary} onPick={setPicked} onClear={() => setPicked(null)} />
      </div>

      <div className="tca-charts">
        <section className="tca-panel tca-chart" data-testid="tca-chart-time" data-points={minutes.length} aria-label="Slippage over time">
          <div className="panel-head">
            <h2 className="panel-title">Slippage over time</h2>
            <span className="panel-meta">children vs {benchName}, bps, by minute sent · <span className="tca-key-line" /> day so far</span>
          </div>
          <div className="tca-chart-body">
            <SlippageTimeChart minutes={minutes} />
            {minutes.length === 0 ? <div className="tca-chart-empty">{emptyChart}</div> : null}
          </div>
        </section>
        <section className="tca-panel tca-chart" aria-label="Slippage distribution">
          <div className="panel-head">
            <h2 className="panel-title">Distribution</h2>
            <span className="panel-meta">shares by child vs {benchName}</span>
          </div>
          <div className="tca-chart-body">
            <DistributionBars dist={dist} testId="tca-chart-dist" empty={emptyChart} />
          </div>
        </section>
        <section className="tca-panel tca-chart" aria-label="Slippage by venue">
          <div className="panel-head">
            <h2 className="panel-title">By venue</h2>
            <span className="panel-meta">children vs {benchName} · shares</span>
          </div>
          <div className="tca-chart-body">
            <BreakdownBars rows={venues} bench={bench} testId="tca-chart-venue" empty={emptyChart} />
          </div>
        </section>
        <section className="tca-panel tca-chart" aria-label="Slippage by strategy">
          <div className="panel-head">
            <h2 className="panel-title">By strategy</h2>
            <span className="panel-meta">parents vs {benchName} · shares</span>
          </div>
          <div className="tca-chart-body">
            <BreakdownBars rows={strategies} bench={bench} testId="tca-chart-strategy" empty={emptyChart} />
          </div>
        </section>
      </div>
    </div>
  );
}
