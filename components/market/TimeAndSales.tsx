'use client';

import { TooltipModule, type ColDef, type GetRowIdParams, type GridApi, type GridReadyEvent, type RowClassParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatQty } from '@/components/data/format';
import { deskGridTheme, registerGridModules } from '@/components/orders/gridSetup';
import type { MarketFeed, TapeChange, TapeRow } from './marketFeed';
import { formatNyMillis, formatPx } from './marketFormat';

registerGridModules();
const TAPE_MODULES = [TooltipModule];

/** The desk theme, tighter: the tape shows as many prints as fit. */
const tapeTheme = deskGridTheme.withParams({ rowHeight: 20, headerHeight: 24, dataFontSize: 11, cellHorizontalPadding: 6 });

const SIDE = { buy: 'B', sell: 'S', cross: 'X' } as const;

function columns(tick: number): ColDef<TapeRow>[] {
  return [
    { colId: 'time', headerName: 'Time (NY)', field: 'ts', width: 100, valueFormatter: (p) => (p.value ? formatNyMillis(p.value) : ''), cellClass: 'num muted' },
    { colId: 'venue', headerName: 'Venue', field: 'venue', width: 64, cellClass: 'mono tape-venue' },
    {
      colId: 'px',
      headerName: 'Price',
      field: 'px',
      width: 76,
      valueFormatter: (p) => formatPx(p.value, tick),
      type: 'rightAligned',
      cellClass: ['num', 'tape-px', 'ag-right-aligned-cell'],
    },
    {
      colId: 'qty',
      headerName: 'Qty',
      field: 'qty',
      width: 68,
      valueFormatter: (p) => formatQty(p.value),
      type: 'rightAligned',
      cellClass: ['num', 'ag-right-aligned-cell'],
      cellClassRules: { 'tape-big': (p) => (p.value ?? 0) >= 5_000 },
    },
    {
      colId: 'side',
      headerName: 'Agg',
      field: 'aggressor',
      width: 40,
      valueFormatter: (p) => (p.value ? SIDE[p.value as keyof typeof SIDE] : ''),
      headerTooltip: 'Aggressor: B buyer lifted the offer, S seller hit the bid, X dark cross',
      cellClass: 'mono tape-side',
    },
    {
      colId: 'desk',
      headerName: '',
      field: 'desk',
      flex: 1,
      minWidth: 36,
      valueFormatter: (p) => (p.value ? 'DESK' : ''),
      cellClass: 'tape-desk-cell',
    },
  ];
}

const ROW_CLASS = {
  'tape-buy': (p: RowClassParams<TapeRow>) => p.data?.aggressor === 'buy',
  'tape-sell': (p: RowClassParams<TapeRow>) => p.data?.aggressor === 'sell',
  'tape-cross': (p: RowClassParams<TapeRow>) => p.data?.aggressor === 'cross',
  'tape-desk': (p: RowClassParams<TapeRow>) => !!p.data?.desk,
};

const DEFAULT_COL: ColDef<TapeRow> = { sortable: false, resizable: true, suppressMovable: true };

/**
 * The tape: every print of the instrument, newest on top, capped. New prints
 * are added by transaction at the top, old ones dropped at the bottom: rows
 * already on screen are never redrawn.
 */
export function TimeAndSales({ feed, tick }: { feed: MarketFeed; tick: number }) {
  const apiRef = useRef<GridApi<TapeRow> | null>(null);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const [cols, setCols] = useState(() => columns(tick));
  useEffect(() => setCols(columns(tick)), [tick]);

  const apply = useCallback((api: GridApi<TapeRow>, c: TapeChange) => {
    if (api.isDestroyed()) return;
    if (c.kind === 'reset') {
      api.setGridOption('rowData', c.rows);
      return;
    }
    api.applyTransaction({ add: c.rows, addIndex: 0, remove: c.removed });
  }, []);

  // The feed changes with the symbol: start the grid from its rows, then follow it.
  const [api, setApi] = useState<GridApi<TapeRow> | null>(null);
  useEffect(() => {
    if (!api) return;
    api.setGridOption('rowData', feed.tapeRows());
    return feed.onTape((c) => apply(api, c));
  }, [api, feed, apply]);

  const onGridReady = useCallback((e: GridReadyEvent<TapeRow>) => {
    apiRef.current = e.api;
    setApi(e.api);
  }, []);
  const getRowId = useCallback((p: GetRowIdParams<TapeRow>) => String(p.data.id), []);

  return (
    <div className="tape-grid" data-testid="tape-grid">
      {mounted ? (
        <AgGridReact<TapeRow>
          theme={tapeTheme}
          modules={TAPE_MODULES}
          columnDefs={cols}
          defaultColDef={DEFAULT_COL}
          getRowId={getRowId}
          onGridReady={onGridReady}
          rowClassRules={ROW_CLASS}
          animateRows={false}
          suppressCellFocus
          suppressColumnVirtualisation
          tooltipShowDelay={400}
          overlayNoRowsTemplate='<span class="grid-empty">No prints yet: the tape fills as the session trades.</span>'
        />
      ) : null}
    </div>
  );
}
