'use client';

import { useQuery } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import type { ColDef, GetRowIdParams, RowClassParams } from 'ag-grid-community';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OrderRow, ParentRow } from '@/server/desk';
import { useTRPC } from '@/components/data/client';
import { formatNyTime, formatPrice, formatQty } from '@/components/data/format';
import { DeskGrid } from '@/components/data/DeskGrid';
import { StatusPill } from '@/components/data/gridCells';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { deskGridTheme, registerGridModules } from '@/components/orders/gridSetup';
import { progressOf } from './ParentsBlotter';
import './parents.css';

registerGridModules();

/** The desk theme, a little tighter: the detail shares the lower half with the crosses. */
const detailTheme = deskGridTheme.withParams({ rowHeight: 24, headerHeight: 26, cellHorizontalPadding: 6 });


/** Constituent order columns; the parent detail page shows the same. */
export const ORDER_COLUMNS: ColDef<OrderRow>[] = [
  { colId: 'orderId', headerName: 'Order ID', field: 'orderId', width: 88, cellClass: 'mono' },
  { colId: 'owner', headerName: 'Owner', field: 'owner', width: 64 },
  { colId: 'clOrdId', headerName: 'Client ID', field: 'clOrdId', width: 124, cellClass: 'mono muted', tooltipField: 'clOrdId' },
  { colId: 'source', headerName: 'Source', field: 'source', width: 58, cellClass: 'muted' },
  { colId: 'qty', headerName: 'Qty', field: 'qty', width: 68, type: 'qty' },
  {
    colId: 'limit',
    headerName: 'Limit',
    field: 'limitPrice',
    width: 70,
    type: 'price',
    valueFormatter: (p) => (p.value === null || p.value === undefined ? 'MKT' : formatPrice(p.value, p.data?.symbol)),
  },
  {
    colId: 'filled',
    headerName: 'Filled',
    headerTooltip: 'Shares done for this order, crossed internally or filled on the market',
    field: 'filledQty',
    width: 66,
    type: 'qty',
    enableCellChangeFlash: true,
  },
  { colId: 'avgPrice', headerName: 'Avg Px', field: 'avgPrice', width: 80, type: 'avgPrice', enableCellChangeFlash: true },
  { colId: 'crossed', headerName: 'Crossed', field: 'crossedQty', width: 70, type: 'qtyOrBlank', enableCellChangeFlash: true },
  { colId: 'leaves', headerName: 'Leaves', field: 'leavesQty', width: 66, type: 'qty', enableCellChangeFlash: true },
  { colId: 'status', headerName: 'Status', field: 'status', minWidth: 84, flex: 1, cellRenderer: StatusPill, enableCellChangeFlash: true },
];

export const ORDER_DEFAULT_COL: ColDef<OrderRow> = { sortable: true, resizable: true, flex: 0 };
export const orderRowId = (p: GetRowIdParams<OrderRow>) => p.data.orderId;
export const ORDER_ROW_CLASS = { 'row-done': (p: RowClassParams<OrderRow>) => !!p.data && p.data.leavesQty === 0 };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The selected parent: why its orders are grouped, and its constituents this
 * user may see (other traders' orders are counted, not shown). Refetched
 * whenever the parent's row changes on the stream.
 */
export function ParentDetail({
  parentId,
  row,
  onOrders,
}: {
  parentId: string | null;
  /** The parent's latest streamed row; a new object means something changed. */
  row: ParentRow | undefined;
  /** The constituent order ids on screen, so other panels can point at them. */
  onOrders?: (ids: ReadonlySet<string>) => void;
}) {
  const trpc = useTRPC();
  const layout = useGridLayout('parent-orders');
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const detail = useQuery({
    ...trpc.parents.detail.queryOptions({ parentId: parentId ?? '' }),
    enabled: !!parentId,
    staleTime: 0,
  });
  const { refetch } = detail;

  // The stream says the parent changed (joins, crosses, completion): ask again.
  const seenRow = useRef<ParentRow | undefined>(row);
  useEffect(() => {
    if (!parentId || !row || seenRow.current === row) return;
    const first = seenRow.current === undefined || seenRow.current.parentId !== row.parentId;
    seenRow.current = row;
    if (!first) void refetch();
  }, [parentId, row, refetch]);

  const data = detail.data && detail.data.parentId === parentId ? detail.data : undefined;
  const orderIds = useMemo(() => new Set((data?.orders ?? []).map((o) => o.orderId)), [data]);
  useEffect(() => onOrders?.(orderIds), [orderIds, onOrders]);

  if (!parentId) {
    return (
      <section className="pr-panel pr-detail" data-testid="parent-detail" data-state="none" aria-label="Parent detail">
        <div className="panel-head">
          <h2 className="panel-title">Parent detail</h2>
        </div>
        <div className="pr-empty">
          <p>Select a parent to see why its orders were grouped and which orders it holds.</p>
          <p className="muted">
            Click a row, or <kbd>↑</kbd> <kbd>↓</kbd> to walk the blotter.
          </p>
        </div>
      </section>
    );
  }

  const err = detail.error;
  const errText = err
    ? isTRPCClientError(err) && err.data?.code === 'FORBIDDEN'
      ? `${parentId} holds none of your orders.`
      : `Could not load ${parentId}: ${err.message}`
    : null;
  const reason = data?.reason ?? row?.reason;
  const hidden = data?.hiddenOrders ?? 0;
  const pct = row ? Math.round(progressOf(row) * 100) : null;

  return (
    <section
      className="pr-panel pr-detail"
      data-testid="parent-detail"
      data-parent-id={parentId}
      data-state={errText ? 'error' : data ? 'ready' : 'loading'}
      data-orders={data?.orders.length ?? ''}
      data-hidden={data?.hiddenOrders ?? ''}
      aria-label={`Parent ${parentId}`}
    >
      <div className="panel-head">
        <h2 className="panel-title">
          Parent <span className="mono pr-detail-id">{parentId}</span>
        </h2>
        {row ? (
          <>
            <span className={`pr-detail-side side-${row.side}`}>
              {row.side === 'buy' ? 'BUY' : 'SELL'} <b>{row.symbol}</b>
            </span>
            <span className={`pill status-${row.status}`} data-testid="parent-detail-status">
              {row.status}
            </span>
          </>
        ) : null}
        <span className="panel-spacer" />
        {row ? (
          <span className="panel-meta">
            qty <b className="pr-fig">{formatQty(row.qty)}</b> · crossed <b className="pr-fig">{formatQty(row.crossed)}</b> · filled{' '}
            <b className="pr-fig">{formatQty(row.filled)}</b> · open <b className="pr-fig">{formatQty(row.open)}</b> · {pct}% · since {formatNyTime(row.createdAt)}
          </span>
        ) : null}
        <Link href={`/parents/${encodeURIComponent(parentId)}`} className="pr-detail-open" data-testid="parent-detail-open" title="Schedule against fills, trilemma, strategy and children">
          Detail →
        </Link>
      </div>
      <div className="pr-why" data-testid="parent-why">
        <span className="pr-why-label">Why grouped:</span>
        <span className="pr-why-text" data-testid="parent-reason">
          {reason ?? '…'}
        </span>
        {data?.key ? (
          <span className="pr-why-key mono" title="Grouping key: instrument | side | urgency | price class | strategy">
            {data.key}
          </span>
        ) : null}
      </div>
      {errText ? (
        <div className="pr-error" role="alert" data-testid="parent-detail-error">
          {errText}
        </div>
      ) : null}
      <div className="pr-sub-head">
        <span className="pr-sub-title">Constituent orders</span>
        <span className="panel-meta" data-testid="parent-detail-count">
          {data ? plural(data.orders.length, 'order', 'orders') : detail.isFetching ? 'loading…' : '—'}
          {data && data.hiddenOrders > 0 ? ' shown' : ''}
        </span>
        {hidden > 0 ? (
          <span className="pr-hidden" data-testid="parent-hidden" data-count={hidden} title="Orders of other traders in this parent are not shown to you">
            +{plural(hidden, 'order', 'orders')} of {hidden === 1 ? 'another trader' : 'other traders'}
          </span>
        ) : null}
        <span className="panel-spacer" />
        {detail.isFetching && data ? <span className="panel-meta muted">refreshing…</span> : null}
        <LayoutMenu layout={layout} label="Constituent orders" />
      </div>
      <div className="pr-detail-grid" data-testid="parent-orders">
        {mounted ? (
          <DeskGrid<OrderRow>
            layout={layout}
            theme={detailTheme}
            columnDefs={ORDER_COLUMNS}
            defaultColDef={ORDER_DEFAULT_COL}
            rowData={data?.orders ?? []}
            getRowId={orderRowId}
            rowClassRules={ORDER_ROW_CLASS}
            suppressColumnVirtualisation
            cellFlashDuration={600}
            cellFadeDuration={900}
            overlayNoRowsTemplate='<span class="grid-empty">No constituent orders to show.</span>'
          />
        ) : null}
      </div>
    </section>
  );
}
