'use client';

import type { ColDef, GetRowIdParams, ICellRendererParams, RowClassParams } from 'ag-grid-community';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { OrderRow } from '@/server/desk';
import type { User } from '@/server/auth/users';
import { useTRPCClient } from '@/components/data/client';
import { formatPrice } from '@/components/data/format';
import { DeskGrid } from '@/components/data/DeskGrid';
import { EmptyState, canTrade } from '@/components/data/EmptyState';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { useConnection } from '@/components/data/hooks';
import { LIVE_GRID, useFeedGrid } from '@/components/data/feedGrid';
import { FeedWarning } from '@/components/data/FeedWarning';
import type { OrderFeed } from '@/components/data/orderFeed';
import { sideColumn } from '@/components/data/gridCells';
import { statusPillCell, titledHeader, titledTextCell } from '@/components/data/plainCells';
import { redrawColumns } from '@/components/data/drawnRows';
import { deskGridTheme, registerGridModules } from './gridSetup';

registerGridModules();

interface BlotterContext {
  canCancel: (row: OrderRow) => boolean;
  cancel: (row: OrderRow) => void;
  pending: ReadonlySet<string>;
}

/** The cancel button, drawn as plain DOM (the blotter draws its rows whole: DeskGrid drawnRows). */
function cancelCell(p: ICellRendererParams<OrderRow, unknown, BlotterContext>): HTMLElement | string {
  const row = p.data;
  if (!row || row.leavesQty === 0 || !p.context.canCancel(row)) return '';
  const busy = p.context.pending.has(row.orderId);
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'grid-btn grid-btn-cancel';
  b.dataset.testid = 'cancel-order';
  b.tabIndex = -1;
  b.disabled = busy;
  b.title = `Cancel ${row.orderId}`;
  b.textContent = busy ? '…' : 'Cancel';
  b.addEventListener('click', () => p.context.cancel(row));
  return b;
}

const COLUMNS: ColDef<OrderRow>[] = [
  { colId: 'time', headerName: 'Time', field: 'createdAt', width: 84, type: 'time', sort: 'desc' },
  { colId: 'orderId', headerName: 'Order ID', field: 'orderId', width: 112, cellClass: 'mono' },
  { colId: 'clOrdId', headerName: 'Client ID', field: 'clOrdId', width: 150, cellClass: 'mono muted', cellRenderer: titledTextCell },
  { colId: 'owner', headerName: 'Owner', field: 'owner', width: 84 },
  { colId: 'symbol', headerName: 'Symbol', field: 'symbol', width: 84, cellClass: 'symbol' },
  sideColumn<OrderRow>(64),
  { colId: 'qty', headerName: 'Qty', field: 'qty', width: 96, type: 'qty', enableCellChangeFlash: true },
  {
    colId: 'limit',
    headerName: 'Limit',
    field: 'limitPrice',
    width: 96,
    type: 'price',
    valueFormatter: (p) => (p.value === null || p.value === undefined ? 'MKT' : formatPrice(p.value, p.data?.symbol)),
    enableCellChangeFlash: true,
  },
  { colId: 'urgency', headerName: 'Urgency', field: 'urgency', width: 84, cellClassRules: { 'urg-high': (p) => p.value === 'high', 'urg-critical': (p) => p.value === 'critical' } },
  { colId: 'source', headerName: 'Source', field: 'source', width: 72, cellClass: 'muted' },
  { colId: 'status', headerName: 'Status', field: 'status', width: 96, cellRenderer: statusPillCell, enableCellChangeFlash: true },
  { colId: 'filled', headerName: 'Filled', field: 'filledQty', width: 90, type: 'qty', enableCellChangeFlash: true },
  { colId: 'leaves', headerName: 'Leaves', field: 'leavesQty', width: 90, type: 'qty', enableCellChangeFlash: true },
  { colId: 'avgPrice', headerName: 'Avg Px', headerComponentParams: titledHeader('Average fill price, crosses included'), field: 'avgPrice', width: 96, type: 'avgPrice', enableCellChangeFlash: true },
  { colId: 'crossed', headerName: 'Crossed', field: 'crossedQty', width: 84, type: 'qtyOrBlank' },
  { colId: 'parent', headerName: 'Parent', field: 'parentId', width: 100, cellClass: 'mono muted' },
  {
    colId: 'actions',
    headerName: '',
    flex: 1,
    minWidth: 84,
    // The status is the cell's value so the button re-renders when the order finishes.
    valueGetter: (p) => p.data?.status,
    cellRenderer: cancelCell,
    sortable: false,
    resizable: false,
    cellClass: 'actions',
  },
];

const DEFAULT_COL: ColDef<OrderRow> = { sortable: true, resizable: true, suppressMovable: false, flex: 0 };

export function OrdersBlotter({ feed, user }: { feed: OrderFeed; user: User | undefined }) {
  const client = useTRPCClient();
  const conn = useConnection();
  const stats = useSyncExternalStore(feed.subscribeStats, feed.getStats, feed.getStats);
  const { apiRef, onGridReady } = useFeedGrid<OrderRow>(feed);
  const layout = useGridLayout('orders');
  const router = useRouter();
  // Enter opens the order's parent, where its fills are worked; an order crossed in full has none.
  const openParent = useCallback((row: OrderRow) => row.parentId && router.push(`/parents/${encodeURIComponent(row.parentId)}`), [router]);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const cancel = useCallback(
    async (row: OrderRow) => {
      setPending((s) => new Set(s).add(row.orderId));
      try {
        const res = await client.orders.cancel.mutate({ orderId: row.orderId, reason: 'cancelled from blotter' });
        setNotice(res.cancelled ? { kind: 'ok', text: `Cancel sent for ${row.orderId}` } : { kind: 'error', text: `Cancel ${row.orderId} refused: ${res.reason}` });
      } catch (err) {
        setNotice({ kind: 'error', text: `Cancel ${row.orderId} failed: ${(err as Error).message}` });
      } finally {
        setPending((s) => {
          const n = new Set(s);
          n.delete(row.orderId);
          return n;
        });
      }
    },
    [client],
  );

  // One context object for the grid's lifetime; its fields follow the latest user and pending cancels.
  const [context] = useState<BlotterContext>(() => ({ canCancel: () => false, cancel: () => {}, pending: new Set() }));
  useEffect(() => {
    context.canCancel = (row) => !!user && (user.role === 'supervisor' || (user.role === 'trader' && row.owner === user.username));
    context.cancel = (row) => void cancel(row);
    context.pending = pending;
    // Cancel buttons depend on these: redraw them.
    if (apiRef.current) redrawColumns(apiRef.current, ['actions']);
  }, [apiRef, context, user, cancel, pending]);

  // Delete on the focused row: the row's Cancel button from the keyboard, or why there is none.
  const cancelFromKeyboard = useCallback(
    (row: OrderRow) => {
      if (pending.has(row.orderId)) return;
      if (row.leavesQty === 0) setNotice({ kind: 'error', text: `${row.orderId} is ${row.status}: nothing left to cancel` });
      else if (!context.canCancel(row)) setNotice({ kind: 'error', text: user?.role === 'trader' ? `${row.orderId} is ${row.owner}'s: you can cancel only your own orders` : 'Your role cannot cancel orders' });
      else void cancel(row);
    },
    [pending, context, user, cancel],
  );

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 6_000);
    return () => clearTimeout(t);
  }, [notice]);

  const getRowId = useCallback((p: GetRowIdParams<OrderRow>) => p.data.orderId, []);
  const rowClassRules = useMemo(
    () => ({
      'row-done': (p: RowClassParams<OrderRow>) => !!p.data && p.data.leavesQty === 0,
    }),
    [],
  );

  const scope = user?.role === 'trader' ? 'my orders' : 'all desks';
  return (
    <section className="blotter" data-testid="orders-blotter" data-conn={conn.state} aria-label="Staged orders">
      <div className="panel-head">
        <h2 className="panel-title">Staged Orders</h2>
        <span className="panel-meta" data-testid="blotter-count" data-count={stats.total}>
          {stats.total} {stats.total === 1 ? 'order' : 'orders'} · {stats.working} working · {scope}
        </span>
        {notice ? (
          <span className={`blotter-notice ${notice.kind}`} data-testid="blotter-notice" role="status">
            {notice.text}
          </span>
        ) : null}
        <span className="panel-spacer" />
        <FeedWarning testId="blotter-warning" />
        <span className="pr-hint muted">
          <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Enter</kbd> parent{canTrade(user) ? (
            <>
              {' · '}
              <kbd>Del</kbd> cancel
            </>
          ) : null}
        </span>
        <LayoutMenu layout={layout} label="Staged Orders" />
        <span className="panel-meta muted">seq {stats.seq ?? '—'}</span>
      </div>
      <div className="blotter-grid orders-grid">
        {mounted ? (
          <DeskGrid<OrderRow>
            vanilla
            drawnRows
            tooltips={false}
            layout={layout}
            onOpen={openParent}
            onDelete={cancelFromKeyboard}
            theme={deskGridTheme}
            columnDefs={COLUMNS}
            defaultColDef={DEFAULT_COL}
            getRowId={getRowId}
            onGridReady={onGridReady}
            context={context}
            rowClassRules={rowClassRules}
            {...LIVE_GRID}
            suppressNoRowsOverlay
          />
        ) : null}
        {stats.seq !== null && stats.total === 0 ? (
          canTrade(user) ? (
            <EmptyState
              testId="orders-empty"
              className="grid-overlay"
              title="No orders yet"
              hint="Enter one with the ticket above (symbol, quantity, Enter) or upload a basket from the Basket button."
            />
          ) : (
            <EmptyState testId="orders-empty" className="grid-overlay" title="No orders on the desk yet" hint="They appear here, live, as traders and programs send them." />
          )
        ) : null}
      </div>
    </section>
  );
}
