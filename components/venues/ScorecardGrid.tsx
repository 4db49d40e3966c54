'use client';

import { RowSelectionModule, type ColDef, type GetRowIdParams, type GridApi, type GridReadyEvent, type ICellRendererParams, type RowSelectionOptions, type SelectionChangedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatFixed, formatQty } from '@/components/data/format';
import { DeskGrid } from '@/components/data/DeskGrid';
import type { GridLayout } from '@/components/data/gridLayout';
import { mirrorSelection } from '@/components/data/gridKeys';
import { StatusBadge, type VenueStatus } from '@/components/market/VenueBoard';
import { formatMils } from '@/components/market/marketFormat';
import { deskGridTheme, registerGridModules } from '@/components/orders/gridSetup';
import { fillRate, formatDuration, sentQty, type VenueScoreRow } from './venueFormat';

registerGridModules();

const GRID_MODULES = [RowSelectionModule];
const ROW_SELECTION: RowSelectionOptions<VenueScoreRow> = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };

function StatusCell(p: ICellRendererParams<VenueScoreRow, string>) {
  return p.data ? <StatusBadge venue={p.data.venue} status={p.data.status as VenueStatus} /> : null;
}

function KindCell(p: ICellRendererParams<VenueScoreRow, string>) {
  return <span className={`venue-kind ${p.value}`}>{p.value}</span>;
}

/** Markout column: bps after our fills, green when the price moved our way, red for adverse selection. */
const markout = (colId: string, headerName: string, key: 's1' | 's10' | 's60', horizon: string): ColDef<VenueScoreRow> => ({
  colId,
  headerName,
  headerTooltip: `Mean mid move ${horizon} after our fills there, bps; + moved our way, − is adverse selection`,
  width: 78,
  type: 'bps',
  valueGetter: (p) => p.data?.markoutBps[key] ?? null,
});

const COLUMNS: ColDef<VenueScoreRow>[] = [
  { colId: 'venue', headerName: 'Venue', field: 'venue', width: 78, cellClass: 'mono vn-venue', tooltipField: 'name' },
  { colId: 'kind', headerName: 'Kind', field: 'kind', width: 62, cellRenderer: KindCell },
  { colId: 'status', headerName: 'Status', field: 'status', width: 92, cellRenderer: StatusCell },
  {
    colId: 'fees',
    headerName: 'Make / Take',
    headerTooltip: 'Fee for adding / removing liquidity, mils ($0.0001) per share; − is a rebate',
    width: 100,
    type: 'number',
    valueGetter: (p) => (p.data ? `${formatMils(p.data.makeFee)} / ${formatMils(p.data.takeFee)}` : ''),
  },
  {
    colId: 'effectiveFee',
    headerName: 'Eff. fee',
    headerTooltip: 'Fees we actually paid per filled share, mils; − is a net rebate',
    field: 'effectiveFee',
    width: 76,
    type: 'number',
    // Measured, so not a round schedule figure: one decimal, like every measured figure in the column.
    valueFormatter: (p) => (p.value === null || p.value === undefined ? '—' : formatFixed(p.value * 10_000, 1)),
    cellClassRules: { 'tone-pos': (p) => (p.value ?? 0) < 0 },
  },
  { colId: 'children', headerName: 'Children', headerTooltip: 'Child orders sent there today', field: 'children', width: 78, type: 'count' },
  { colId: 'sent', headerName: 'Sent', headerTooltip: 'Shares sent there today', width: 84, type: 'qty', valueGetter: (p) => (p.data ? sentQty(p.data) : 0) },
  { colId: 'filledQty', headerName: 'Filled', headerTooltip: 'Shares filled there today', field: 'filledQty', width: 84, type: 'qty' },
  {
    colId: 'fillRate',
    headerName: 'Fill rate',
    headerTooltip: 'Shares filled of shares sent, today',
    width: 76,
    type: 'pct',
    valueGetter: (p) => (p.data ? fillRate(p.data) : null),
  },
  {
    colId: 'timeToFill',
    headerName: 'To fill',
    headerTooltip: 'Mean time from placing a child to its first fill (engine time)',
    field: 'meanTimeToFillMs',
    width: 78,
    type: 'number',
    valueFormatter: (p) => formatDuration(p.value),
  },
  {
    colId: 'spread',
    headerName: 'Spread',
    headerTooltip: 'Displayed spread seen when routing, bps of mid (smoothed); dark pools display none',
    field: 'spreadBps',
    width: 70,
    type: 'number',
    valueFormatter: (p) => (p.value === null || p.value === undefined ? '—' : formatFixed(p.value, 1)),
  },
  {
    colId: 'topQty',
    headerName: 'Top size',
    headerTooltip: 'Displayed size at the top of book, both sides, seen when routing (smoothed)',
    field: 'topQty',
    width: 78,
    type: 'number',
    valueFormatter: (p) => (p.value === null || p.value === undefined ? '—' : formatQty(Math.round(p.value))),
  },
  markout('m1', 'MO 1s', 's1', '1 s'),
  markout('m10', 'MO 10s', 's10', '10 s'),
  markout('m60', 'MO 60s', 's60', '60 s'),
  { colId: 'samples', headerName: 'Fills', headerTooltip: 'Fills there today (markout samples)', field: 'fills', minWidth: 64, flex: 1, type: 'count' },
];

const DEFAULT_COL = { sortable: true, resizable: true, flex: 0 };

/** The venue scorecard, one row per venue, updated in place every refresh; a click picks the venue the charts show. */
export function ScorecardGrid({ venues, selected, onSelect, layout }: { venues: VenueScoreRow[]; selected: string | null; onSelect: (venue: string) => void; layout?: GridLayout }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const apiRef = useRef<GridApi<VenueScoreRow> | null>(null);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => {
    if (apiRef.current) mirrorSelection(apiRef.current, selected);
  }, [selected, venues]);
  const onGridReady = useCallback((e: GridReadyEvent<VenueScoreRow>) => {
    apiRef.current = e.api;
    mirrorSelection(e.api, selectedRef.current);
  }, []);
  const pick = useCallback((row: VenueScoreRow) => onSelect(row.venue), [onSelect]);
  const getRowId = useCallback((p: GetRowIdParams<VenueScoreRow>) => p.data.venue, []);
  return (
    <div className="vn-grid" data-testid="scorecard-grid" data-count={venues.length}>
      {mounted ? (
        <DeskGrid<VenueScoreRow>
          layout={layout}
          theme={deskGridTheme}
          modules={GRID_MODULES}
          columnDefs={COLUMNS}
          defaultColDef={DEFAULT_COL}
          rowData={venues}
          getRowId={getRowId}
          onGridReady={onGridReady}
          rowSelection={ROW_SELECTION}
          onPick={pick}
          suppressColumnVirtualisation
          animateRows={false}
          cellFlashDuration={600}
          cellFadeDuration={900}
          domLayout="autoHeight"
          overlayNoRowsTemplate='<span class="grid-empty">Loading the scorecard…</span>'
        />
      ) : null}
    </div>
  );
}
