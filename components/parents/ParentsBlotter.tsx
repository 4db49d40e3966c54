'use client';

import type { ColDef, ICellRendererParams, RowClassParams } from 'ag-grid-community';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ParentRow } from '@/server/desk';
import type { User } from '@/server/auth/users';
import { DeskGrid } from '@/components/data/DeskGrid';
import { EmptyState } from '@/components/data/EmptyState';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { registerGridModules } from '@/components/orders/gridSetup';
import { useLiveBlotter } from '@/components/data/feedGrid';
import { FeedWarning } from '@/components/data/FeedWarning';
import { sideColumn, StatusPill } from '@/components/data/gridCells';
import type { ParentFeed } from './parentFeed';
import { ScheduleProgress } from './ScheduleProgress';
import { vwapSlippageColumn } from '@/components/tca/slippageColumn';

registerGridModules();

export type ParentFilter = 'working' | 'completed' | 'all';
export const FILTERS: { id: ParentFilter; label: string }[] = [
  { id: 'working', label: 'Working' },
  { id: 'completed', label: 'Completed' },
  { id: 'all', label: 'All' },
];

/** Share of the parent's quantity done: crossed internally plus filled on the market. */
export const progressOf = (r: ParentRow) => (r.qty > 0 ? Math.min(1, (r.crossed + r.filled) / r.qty) : r.status === 'completed' ? 1 : 0);

function ProgressCell(p: ICellRendererParams<ParentRow, number>) {
  return p.data ? <ScheduleProgress row={p.data} /> : null;
}

/** The parent id opens its detail page; a plain click on the row still selects it. */
function ParentIdCell(p: ICellRendererParams<ParentRow, string>) {
  const id = p.value ?? '';
  return (
    // Out of the Tab order: in a grid, Enter on the row opens it (a link per row would make Tab walk every row).
    <Link href={`/parents/${encodeURIComponent(id)}`} className="pr-id-link" data-testid="parent-link" tabIndex={-1} title={`Open ${id}: schedule, trilemma and strategy (Enter)`}>
      {id}
    </Link>
  );
}

/** How the parent is worked, and what steers it besides the trader: an override, a pause. */
function StrategyCell(p: ICellRendererParams<ParentRow, string>) {
  const r = p.data;
  if (!r) return null;
  return (
    <span className="pr-strategy">
      {r.override ? (
        <span className="pr-badge ovr" title={`Overridden by ${r.override.by} (${r.override.scope}): ${r.override.reason}`}>
          ovr
        </span>
      ) : null}
      {r.paused ? (
        <span className="pr-badge paused" title={`Paused by ${r.paused.by}: ${r.paused.reason}`}>
          paused
        </span>
      ) : null}
      {r.strategy ? r.strategy.toUpperCase() : ''}
    </span>
  );
}

const qtyCol = (colId: string, headerName: string, field: keyof ParentRow, width: number): ColDef<ParentRow> => ({ colId, headerName, field, width, type: 'qty', enableCellChangeFlash: true });

const COLUMNS: ColDef<ParentRow>[] = [
  { colId: 'parentId', headerName: 'Parent', field: 'parentId', width: 96, cellClass: 'mono pr-id', cellRenderer: ParentIdCell },
  { colId: 'symbol', headerName: 'Symbol', field: 'symbol', width: 76, cellClass: 'symbol' },
  sideColumn<ParentRow>(60),
  { colId: 'status', headerName: 'Status', field: 'status', width: 100, cellRenderer: StatusPill, enableCellChangeFlash: true },
  { colId: 'orders', headerName: 'Orders', field: 'orders', width: 70, type: 'count', enableCellChangeFlash: true },
  {
    colId: 'owners',
    headerName: 'Owners',
    field: 'owners',
    width: 124,
    valueFormatter: (p) => (Array.isArray(p.value) ? p.value.join(', ') : ''),
    tooltipValueGetter: (p) => (Array.isArray(p.value) ? p.value.join(', ') : ''),
    // Each row arrives with a new array: compare the names, so only a real change flashes.
    equals: (a, b) => (Array.isArray(a) && Array.isArray(b) ? a.join(',') === b.join(',') : a === b),
    enableCellChangeFlash: true,
  },
  qtyCol('qty', 'Qty', 'qty', 88),
  qtyCol('crossed', 'Crossed', 'crossed', 84),
  qtyCol('filled', 'Filled', 'filled', 78),
  qtyCol('open', 'Open', 'open', 84),
  {
    colId: 'strategy',
    headerName: 'Strategy',
    headerTooltip: 'How the parent is worked; OVR: a supervisor override is in force; PAUSED: a supervisor paused it',
    field: 'strategy',
    width: 104,
    cellRenderer: StrategyCell,
    // The badges follow fields other than the strategy: redraw on every update of the row.
    equals: () => false,
  },
  {
    colId: 'progress',
    headerName: 'Progress',
    headerTooltip: '(crossed + filled) / qty — blue crossed internally, green filled on the market, hatched in flight at venues, bare track remaining; the tick is where the plan wants it by now; amber or red when behind',
    width: 150,
    valueGetter: (p) => (p.data ? progressOf(p.data) : 0),
    cellRenderer: ProgressCell,
    // The plan tick and the pace colour move even when the share done does not.
    equals: () => false,
    cellClass: 'pr-progress-cell',
  },
  vwapSlippageColumn<ParentRow>('parents', (r) => r.parentId),
  { colId: 'created', headerName: 'Created', field: 'createdAt', width: 84, type: 'time', sort: 'desc' },
  { colId: 'reason', headerName: 'Why grouped', field: 'reason', flex: 1, minWidth: 260, tooltipField: 'reason', cellClass: 'pr-reason' },
];

const DEFAULT_COL: ColDef<ParentRow> = { sortable: true, resizable: true, flex: 0 };
const filtering = (f: ParentFilter) => f !== 'all';
const passes = (f: ParentFilter, r: ParentRow) => r.status === f;


export function ParentsBlotter({
  feed,
  user,
  filter,
  onFilter,
  selectedId,
  onSelect,
}: {
  feed: ParentFeed;
  user: User | undefined;
  filter: ParentFilter;
  onFilter: (f: ParentFilter) => void;
  selectedId: string | null;
  onSelect: (parentId: string | null) => void;
}) {
  const stats = useSyncExternalStore(feed.subscribeStats, feed.getStats, feed.getStats);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  // Selection lives in the page (the detail panel follows it); the grid mirrors it. ↑/↓ walk it through the rows.
  const selectRow = useCallback((row: ParentRow) => onSelect(row.parentId), [onSelect]);
  const { gridProps } = useLiveBlotter<ParentRow, ParentFilter>(feed, { idOf: (r) => r.parentId, selectedId, onSelect: selectRow, filter, filtering, passes });
  const layout = useGridLayout('parents');
  const router = useRouter();
  const open = useCallback((row: ParentRow) => router.push(`/parents/${encodeURIComponent(row.parentId)}`), [router]);
  const close = useCallback(() => onSelect(null), [onSelect]);

  const rowClassRules = useMemo(() => ({ 'row-done': (p: RowClassParams<ParentRow>) => p.data?.status === 'completed' }), []);

  const counts: Record<ParentFilter, number> = { working: stats.working, completed: stats.completed, all: stats.total };
  const shown = counts[filter];
  const scope = user?.role === 'trader' ? 'parents holding my orders' : 'all desks';
  const trader = user?.role === 'trader';
  const empty =
    stats.total === 0 ? (
      trader ? (
        <EmptyState testId="parents-empty" className="pr-grid-empty" title="No parents hold your orders yet" hint="Stage orders with the ticket or a basket: each joins a parent here." href="/orders" action="Go to Orders →" />
      ) : (
        <EmptyState testId="parents-empty" className="pr-grid-empty" title="No parent orders yet" hint="They form here as traders stage orders, and strategies start working them." />
      )
    ) : (
      <EmptyState testId="parents-empty" className="pr-grid-empty" title={`No ${filter} parents`} hint={filter === 'working' ? 'Everything is done: show Completed or All.' : 'Show Working or All.'} />
    );

  return (
    <section className="blotter pr-blotter" data-testid="parents-blotter" data-filter={filter} aria-label="Parent orders">
      <div className="panel-head">
        <h1 className="panel-title">Parent Orders</h1>
        <span className="panel-meta" data-testid="parents-count" data-count={shown} data-total={stats.total} data-working={stats.working}>
          {shown} shown · {stats.working} working · {stats.completed} completed · {scope}
        </span>
        <div className="pr-filter" role="group" aria-label="Show parents">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              className="pr-filter-btn"
              data-testid={`parents-filter-${f.id}`}
              aria-pressed={filter === f.id}
              onClick={() => onFilter(f.id)}
            >
              {f.label}
              <span className="pr-filter-n num">{counts[f.id]}</span>
            </button>
          ))}
        </div>
        <span className="panel-spacer" />
        <FeedWarning testId="parents-warning" />
        <span className="pr-hint muted">
          <kbd>↑</kbd>
          <kbd>↓</kbd> select · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </span>
        <LayoutMenu layout={layout} label="Parent Orders" />
        <span className="panel-meta muted">seq {stats.seq ?? '—'}</span>
      </div>
      <div className="blotter-grid pr-blotter-grid">
        {mounted ? (
          <DeskGrid<ParentRow>
            {...gridProps}
            layout={layout}
            onOpen={open}
            onEscape={close}
            columnDefs={COLUMNS}
            defaultColDef={DEFAULT_COL}
            rowClassRules={rowClassRules}
            suppressNoRowsOverlay
          />
        ) : null}
        {stats.seq !== null && shown === 0 ? empty : null}
      </div>
    </section>
  );
}
