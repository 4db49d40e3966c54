'use client';

import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import Link from 'next/link';
import type { ChildTcaRow, OrderTcaRow, ParentTcaRow, TcaTotalRow } from '@/server/trpc/tca';
import { formatNyTime, formatQty } from '@/components/data/format';
import { byTimeThenId, sideColumn, StatusPill } from '@/components/data/gridCells';
import { KIND_LABEL } from '@/components/routing/childColumns';
import { strategyLabel } from './tcaFormat';

/** A grid row, or the pinned TOTAL line below it (marked by `total`). */
export type WithTotal<Row> = Row & { total?: TcaTotalRow };

const isTotal = (p: { node?: { rowPinned?: string | null } | null }) => p.node?.rowPinned === 'bottom';

/** Slippage in bps (the desk's `bps` kind): signed, one decimal, green better than the benchmark, red worse. */
function bpsCol<Row>(colId: string, headerName: string, headerTooltip: string, get: (r: WithTotal<Row>) => number | null | undefined, width = 84): ColDef<WithTotal<Row>> {
  return { colId, headerName, headerTooltip, width, type: 'bps', valueGetter: (p) => (p.data ? (get(p.data) ?? null) : null) };
}

/** A cost in bps or dollars (shortfall, fees): red when it cost, green when it gained. */
function costCol<Row>(colId: string, headerName: string, headerTooltip: string, get: (r: WithTotal<Row>) => number | null | undefined, kind: 'costBps' | 'costUsd', width = 88): ColDef<WithTotal<Row>> {
  return { colId, headerName, headerTooltip, width, type: kind, valueGetter: (p) => (p.data ? (get(p.data) ?? null) : null) };
}

const qtyCol = <Row,>(colId: string, headerName: string, get: (r: WithTotal<Row>) => number | undefined, width = 84, headerTooltip?: string): ColDef<WithTotal<Row>> => ({
  colId,
  headerName,
  headerTooltip,
  width,
  type: 'qty',
  valueGetter: (p) => (p.data ? (get(p.data) ?? null) : null),
});

/** Average prices and benchmarks: 4 decimals (the `avgPrice` kind); blank on the TOTAL line. */
const pxCol = <Row,>(colId: string, headerName: string, get: (r: WithTotal<Row>) => number | null | undefined, headerTooltip: string, width = 86): ColDef<WithTotal<Row>> => ({
  colId,
  headerName,
  headerTooltip,
  width,
  type: 'avgPrice',
  valueGetter: (p) => (p.data && !isTotal(p) ? (get(p.data) ?? null) : null),
});

/** The id cell: a link to the parent's page, or the TOTAL label with its row count. */
function idCell(href: (id: string) => string | null, what: string) {
  return function IdCell(p: ICellRendererParams<WithTotal<{ total?: TcaTotalRow }>, string>) {
    if (isTotal(p))
      return (
        <span className="tca-total-label" title={`Total of ${formatQty(p.data?.total?.rows ?? 0)} ${what}: shares and dollars added up, bps weighted by shares filled`}>
          TOTAL <span className="muted">· {formatQty(p.data?.total?.rows ?? 0)}</span>
        </span>
      );
    const id = p.value ?? '';
    const url = href(id);
    return url ? (
      <Link href={url} className="pr-id-link" tabIndex={-1} title={`Open ${id}`} onClick={(e) => e.stopPropagation()}>
        {id}
      </Link>
    ) : (
      <span>{id}</span>
    );
  };
}

const parentHref = (id: string) => `/parents/${encodeURIComponent(id)}`;

function StatusOrBlank(p: ICellRendererParams<unknown, string>) {
  return isTotal(p) ? null : StatusPill(p);
}

const SHORTFALL_TIP = 'Implementation shortfall (Perold): delay + execution + opportunity + fees against a paper order at the arrival price; + is a cost';

// ---------------------------------------------------------------------------

/** Parents: how each parent did against arrival, its interval VWAP, TWAP and the close, and what it cost. */
export const PARENT_COLUMNS: ColDef<WithTotal<ParentTcaRow>>[] = [
  { colId: 'parentId', headerName: 'Parent', field: 'parentId', width: 104, cellClass: 'mono', cellRenderer: idCell(parentHref, 'parents'), pinned: 'left' },
  { colId: 'symbol', headerName: 'Symbol', field: 'symbol', width: 70, cellClass: 'symbol' },
  sideColumn<WithTotal<ParentTcaRow>>(54),
  { colId: 'strategy', headerName: 'Strategy', field: 'strategy', width: 68, valueFormatter: (p) => (isTotal(p) ? '' : strategyLabel(p.value)) },
  { colId: 'status', headerName: 'Status', field: 'status', width: 88, cellRenderer: StatusOrBlank },
  qtyCol<ParentTcaRow>('qty', 'Qty', (r) => (r.total ? r.total.qty : r.qty), 78, 'Shares worked on the market: what joined the parent less what crossed inside it'),
  qtyCol<ParentTcaRow>('filled', 'Filled', (r) => (r.total ? r.total.filled : r.filled), 76),
  qtyCol<ParentTcaRow>('crossed', 'Crossed', (r) => (r.total ? r.total.crossed : r.crossed), 72, 'Crossed internally inside the parent'),
  pxCol<ParentTcaRow>('avgPx', 'Avg Px', (r) => r.avgPx, 'Average market fill price', 80),
  pxCol<ParentTcaRow>('arrivalPx', 'Arrival', (r) => r.arrivalPx, 'Mid when the parent was created'),
  pxCol<ParentTcaRow>('vwap', 'VWAP', (r) => r.vwapBenchmark, 'Market VWAP over the execution window (first child → end, or now)'),
  bpsCol<ParentTcaRow>('vsVwap', 'vs VWAP', 'Slippage vs interval VWAP, bps; + better, − worse. Total: weighted by shares filled', (r) => (r.total ? r.total.slippageVsVwapBps : r.slippageVsVwapBps)),
  bpsCol<ParentTcaRow>('vsArrival', 'vs Arrival', 'Slippage vs the arrival mid, bps; + better, − worse', (r) => (r.total ? r.total.slippageVsArrivalBps : r.slippageVsArrivalBps)),
  bpsCol<ParentTcaRow>('vsTwap', 'vs TWAP', 'Slippage vs the mean mid over the window, bps', (r) => (r.total ? r.total.slippageVsTwapBps : r.slippageVsTwapBps), 78),
  bpsCol<ParentTcaRow>('vsClose', 'vs Close', 'Slippage vs the last print of the session (once closed), bps', (r) => (r.total ? r.total.slippageVsCloseBps : r.slippageVsCloseBps), 78),
  costCol<ParentTcaRow>('isBps', 'IS bps', SHORTFALL_TIP, (r) => (r.total ? r.total.shortfall?.bps.total : r.shortfall?.bps.total), 'costBps', 76),
  costCol<ParentTcaRow>('isUsd', 'IS $', SHORTFALL_TIP, (r) => (r.total ? r.total.shortfall?.total : r.shortfall?.total), 'costUsd', 92),
  costCol<ParentTcaRow>('fees', 'Fees $', 'Venue fees paid; − is a net rebate', (r) => (r.total ? r.total.fees : r.fees), 'costUsd', 78),
  { colId: 'owners', headerName: 'Owners', field: 'owners', minWidth: 100, flex: 1, valueFormatter: (p) => (Array.isArray(p.value) ? p.value.join(', ') : ''), cellClass: 'muted' },
];

/** Children, like a broker's TCA report: child id, time, venue, order type, quantity, price, benchmark VWAP and performance in bps. */
export const CHILD_COLUMNS: ColDef<WithTotal<ChildTcaRow>>[] = [
  { colId: 'childId', headerName: 'Child', field: 'childId', width: 112, cellClass: 'mono', cellRenderer: idCell(() => null, 'children'), pinned: 'left' },
  { colId: 'time', headerName: 'Time', headerTooltip: 'When it was sent, New York', field: 'placedAt', width: 78, valueFormatter: (p) => (isTotal(p) ? '' : formatNyTime(p.value)), cellClass: 'num muted', comparator: byTimeThenId, sort: 'desc' },
  { colId: 'parentId', headerName: 'Parent', field: 'parentId', width: 92, cellClass: 'mono', cellRenderer: (p: ICellRendererParams<WithTotal<ChildTcaRow>, string>) => (isTotal(p) ? null : <Link href={parentHref(p.value ?? '')} className="pr-id-link" tabIndex={-1} onClick={(e) => e.stopPropagation()}>{p.value}</Link>) },
  { colId: 'symbol', headerName: 'Symbol', field: 'symbol', width: 70, cellClass: 'symbol' },
  sideColumn<WithTotal<ChildTcaRow>>(54),
  { colId: 'venue', headerName: 'Venue', field: 'venue', width: 72, cellClass: 'mono' },
  { colId: 'kind', headerName: 'Type', headerTooltip: 'LMT limit · IOC immediate-or-cancel · MID dark midpoint', field: 'kind', width: 58, valueFormatter: (p) => (p.value ? (KIND_LABEL[p.value as ChildTcaRow['kind']] ?? String(p.value)) : ''), cellClass: 'mono' },
  qtyCol<ChildTcaRow>('filled', 'Qty', (r) => (r.total ? r.total.filled : r.filled), 80, 'Shares filled'),
  pxCol<ChildTcaRow>('avgPx', 'Price', (r) => r.avgPx, 'Average fill price', 84),
  pxCol<ChildTcaRow>('vwap', 'VWAP', (r) => r.vwap, 'Benchmark: market VWAP while the child was out (sent → done, or now)'),
  bpsCol<ChildTcaRow>('vsVwap', 'Perf bps', 'Performance vs VWAP, bps; + better, − worse. Total: weighted by shares filled', (r) => (r.total ? r.total.slippageVsVwapBps : r.slippageVsVwapBps), 84),
  pxCol<ChildTcaRow>('arrivalPx', 'Arrival', (r) => r.arrivalPx, 'Mid when the child was sent'),
  bpsCol<ChildTcaRow>('vsArrival', 'vs Arrival', 'Slippage vs the mid when sent, bps', (r) => (r.total ? r.total.slippageVsArrivalBps : r.slippageVsArrivalBps), 84),
  costCol<ChildTcaRow>('fees', 'Fees $', 'Venue fees paid; − is a rebate', (r) => (r.total ? r.total.fees : r.fees), 'costUsd', 76),
  { colId: 'logic', headerName: 'Logic', field: 'logic', minWidth: 80, flex: 1, valueFormatter: (p) => (isTotal(p) ? '' : p.value ? String(p.value) : '—'), cellClass: 'muted' },
];

/** Small orders: what the desk cost each person who sent one. */
export const ORDER_COLUMNS: ColDef<WithTotal<OrderTcaRow>>[] = [
  { colId: 'orderId', headerName: 'Order', field: 'orderId', width: 104, cellClass: 'mono', cellRenderer: idCell(() => null, 'orders'), pinned: 'left' },
  { colId: 'owner', headerName: 'Owner', field: 'owner', width: 72 },
  { colId: 'symbol', headerName: 'Symbol', field: 'symbol', width: 70, cellClass: 'symbol' },
  sideColumn<WithTotal<OrderTcaRow>>(54),
  { colId: 'status', headerName: 'Status', field: 'status', width: 84, cellRenderer: StatusOrBlank },
  qtyCol<OrderTcaRow>('qty', 'Qty', (r) => (r.total ? r.total.qty : r.qty), 80),
  qtyCol<OrderTcaRow>('filled', 'Filled', (r) => (r.total ? r.total.filled : r.filled), 80),
  qtyCol<OrderTcaRow>('crossed', 'Crossed', (r) => (r.total ? r.total.crossed : r.crossed), 76, 'Of the fills, shares crossed internally'),
  pxCol<OrderTcaRow>('avgPx', 'Avg Px', (r) => r.avgPx, 'Average fill price, crosses included', 80),
  pxCol<OrderTcaRow>('arrivalPx', 'Arrival', (r) => r.arrivalPx, 'Mid when the desk accepted it'),
  bpsCol<OrderTcaRow>('vsArrival', 'vs Arrival', 'Slippage vs the arrival mid, bps', (r) => (r.total ? r.total.slippageVsArrivalBps : r.slippageVsArrivalBps)),
  bpsCol<OrderTcaRow>('vsVwap', 'vs VWAP', 'Slippage vs the VWAP from arrival to done (or now), bps', (r) => (r.total ? r.total.slippageVsVwapBps : r.slippageVsVwapBps)),
  costCol<OrderTcaRow>('isBps', 'IS bps', SHORTFALL_TIP, (r) => (r.total ? r.total.shortfall?.bps.total : r.shortfall?.bps.total), 'costBps', 76),
  costCol<OrderTcaRow>('isUsd', 'IS $', SHORTFALL_TIP, (r) => (r.total ? r.total.shortfall?.total : r.shortfall?.total), 'costUsd', 92),
  { colId: 'parentId', headerName: 'Parent', field: 'parentId', minWidth: 92, flex: 1, cellClass: 'mono', valueFormatter: (p) => (isTotal(p) ? '' : (p.value ?? 'crossed in full')) },
];
