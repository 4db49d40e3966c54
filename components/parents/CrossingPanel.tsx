'use client';

import { useQuery } from '@tanstack/react-query';
import type { ColDef, GetRowIdParams, GridApi, GridReadyEvent, IRowNode, RowClassParams, RowDataUpdatedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CrossRow } from '@/server/trpc/parents';
import { useTRPC } from '@/components/data/client';
import { formatNotional, formatQty } from '@/components/data/format';
import { DeskGrid } from '@/components/data/DeskGrid';
import { flashNewRows } from '@/components/data/feedGrid';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { deskGridTheme, registerGridModules } from '@/components/orders/gridSetup';
import type { ParentFeed } from './parentFeed';

registerGridModules();

/** The desk theme, a little tighter: crosses are a log, many rows at a glance. */
const crossTheme = deskGridTheme.withParams({ rowHeight: 22, headerHeight: 26, dataFontSize: 11, cellHorizontalPadding: 6 });

const LIMIT = 200;
/** Also poll: a cross in a parent this user cannot see still shows here. */
const POLL_MS = 3_000;

const usd = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? '' : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

interface CrossContext {
  mine: ReadonlySet<string>;
}

const COLUMNS: ColDef<CrossRow>[] = [
  { colId: 'time', headerName: 'Time', headerTooltip: 'Engine time, New York', field: 'ts', width: 70, type: 'time', sort: 'desc' },
  { colId: 'symbol', headerName: 'Sym', field: 'symbol', width: 56, cellClass: 'symbol' },
  { colId: 'qty', headerName: 'Qty', field: 'qty', width: 62, type: 'qty' },
  // A midpoint is half a tick off the grid: one decimal more than the instrument's tick.
  { colId: 'px', headerName: 'Price', headerTooltip: 'NBBO midpoint at the cross', field: 'px', width: 76, type: 'avgPrice', cellClass: ['num', 'ag-right-aligned-cell', 'xr-px'] },
  { colId: 'buy', headerName: 'Buy order', field: 'buyOrderId', width: 80, cellClass: 'mono xr-buy' },
  { colId: 'sell', headerName: 'Sell order', field: 'sellOrderId', width: 80, cellClass: 'mono xr-sell' },
  { colId: 'spread', headerName: 'Spread $', headerTooltip: 'Dollars saved against crossing the spread on a lit venue: qty × spread', field: 'spreadSaved', width: 74, type: 'number', valueFormatter: (p) => usd(p.value) },
  { colId: 'fees', headerName: 'Fees $', headerTooltip: 'Taker fees neither side paid', field: 'feesSaved', minWidth: 64, flex: 1, type: 'number', valueFormatter: (p) => usd(p.value) },
];

const DEFAULT_COL: ColDef<CrossRow> = { sortable: true, resizable: true, flex: 0 };
const getRowId = (p: GetRowIdParams<CrossRow>) => p.data.crossId;
const ROW_CLASS = {
  // Crosses that touch the selected parent's orders stand out.
  'xr-selected': (p: RowClassParams<CrossRow, CrossContext>) =>
    !!p.data && (p.context.mine.has(p.data.buyOrderId) || p.context.mine.has(p.data.sellOrderId)),
};

/**
 * Internal crosses, newest first, with what they saved: the spread both sides
 * did not cross and the taker fees they did not pay. Refetched when parent
 * rows change on the stream, and every few seconds.
 */
export function CrossingPanel({ feed, highlight }: { feed: ParentFeed; highlight: ReadonlySet<string> }) {
  const trpc = useTRPC();
  const stats = useSyncExternalStore(feed.subscribeStats, feed.getStats, feed.getStats);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const crosses = useQuery({ ...trpc.parents.crosses.queryOptions({ limit: LIMIT }), refetchInterval: POLL_MS, staleTime: 0 });
  const { refetch } = crosses;

  // Every parent change may be a cross: refetch, at most every 250 ms.
  const lastVersion = useRef(stats.version);
  useEffect(() => {
    if (stats.version === lastVersion.current) return;
    lastVersion.current = stats.version;
    const t = setTimeout(() => void refetch(), 250);
    return () => clearTimeout(t);
  }, [stats.version, refetch]);

  const rows = crosses.data;
  const totals = useMemo(() => {
    let qty = 0;
    let spread = 0;
    let fees = 0;
    for (const x of rows ?? []) {
      qty += x.qty;
      spread += x.spreadSaved;
      fees += x.feesSaved;
    }
    return { qty, spread, fees, saved: spread + fees };
  }, [rows]);

  // One context object for the grid's lifetime; row classes follow the selected parent.
  const apiRef = useRef<GridApi<CrossRow> | null>(null);
  const [context] = useState<CrossContext>(() => ({ mine: new Set() }));
  useEffect(() => {
    context.mine = highlight;
    const api = apiRef.current;
    if (api && !api.isDestroyed()) api.redrawRows();
  }, [context, highlight]);

  // Flash crosses that arrive after the first load.
  const seen = useRef<Set<string> | null>(null);
  const loaded = useRef(false);
  loaded.current = rows !== undefined;
  const onRowDataUpdated = useCallback((e: RowDataUpdatedEvent<CrossRow>) => {
    // The empty grid before the first answer is not "no crosses yet".
    if (!loaded.current) return;
    const fresh: IRowNode<CrossRow>[] = [];
    const first = seen.current === null;
    seen.current ??= new Set();
    e.api.forEachNode((n) => {
      if (!n.data || seen.current!.has(n.data.crossId)) return;
      seen.current!.add(n.data.crossId);
      if (!first) fresh.push(n);
    });
    if (fresh.length) flashNewRows(e.api, fresh);
  }, []);
  const onGridReady = useCallback((e: GridReadyEvent<CrossRow>) => {
    apiRef.current = e.api;
  }, []);

  const layout = useGridLayout('crosses');
  const n = rows?.length ?? 0;
  return (
    <section className="pr-panel pr-crosses" data-testid="crossing-panel" aria-label="Internal crosses">
      <div className="panel-head">
        <h2 className="panel-title">Internal crosses</h2>
        <span className="panel-meta">at NBBO mid · before market</span>
        <span className="panel-spacer" />
        <span className="panel-meta" data-testid="cross-count" data-count={n}>
          {n === LIMIT ? `last ${LIMIT}` : `${n} ${n === 1 ? 'cross' : 'crosses'}`}
        </span>
        <LayoutMenu layout={layout} label="Internal crosses" />
      </div>
      <div className="xr-totals" data-testid="cross-totals" data-qty={totals.qty} data-saved={totals.saved.toFixed(2)}>
        <div className="xr-total">
          <span className="xr-total-label">Shares crossed</span>
          <span className="xr-total-value num" data-testid="cross-total-qty">
            {formatQty(totals.qty)}
          </span>
        </div>
        <div className="xr-total">
          <span className="xr-total-label">Spread saved</span>
          <span className="xr-total-value num">{usd(totals.spread)}</span>
        </div>
        <div className="xr-total">
          <span className="xr-total-label">Fees saved</span>
          <span className="xr-total-value num">{usd(totals.fees)}</span>
        </div>
        <div className="xr-total xr-total-main">
          <span className="xr-total-label">Total saved</span>
          <span className="xr-total-value num" data-testid="cross-total-saved">
            {totals.saved >= 1e6 ? formatNotional(totals.saved) : usd(totals.saved)}
          </span>
        </div>
      </div>
      {crosses.error ? (
        <div className="pr-error" role="alert">
          Crosses: {crosses.error.message}
        </div>
      ) : null}
      <div className="xr-grid" data-testid="cross-grid">
        {mounted ? (
          <DeskGrid<CrossRow>
            layout={layout}
            theme={crossTheme}
            columnDefs={COLUMNS}
            defaultColDef={DEFAULT_COL}
            rowData={rows ?? []}
            getRowId={getRowId}
            context={context}
            rowClassRules={ROW_CLASS}
            onGridReady={onGridReady}
            onRowDataUpdated={onRowDataUpdated}
            suppressColumnVirtualisation
            cellFlashDuration={600}
            cellFadeDuration={900}
            overlayNoRowsTemplate='<span class="grid-empty">No internal crosses yet. When orders from different owners meet on opposite sides, they cross here at the midpoint before any reaches a venue.</span>'
          />
        ) : null}
      </div>
    </section>
  );
}
