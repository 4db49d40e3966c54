'use client';

import type { RowClassParams } from 'ag-grid-community';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ChildRow, ParentRow } from '@/server/desk';
import type { User } from '@/server/auth/users';
import { DeskGrid } from '@/components/data/DeskGrid';
import { EmptyState } from '@/components/data/EmptyState';
import { useLiveBlotter } from '@/components/data/feedGrid';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { FeedWarning } from '@/components/data/FeedWarning';
import { formatQty } from '@/components/data/format';
import { useConnection } from '@/components/data/hooks';
import { registerGridModules } from '@/components/orders/gridSetup';
import { CHILD_ROW_CLASS, childColumns } from './childColumns';
import { childIsWorking, type ChildFeed } from './childFeed';

registerGridModules();

const COLUMNS = childColumns(
  ['placed', 'childId', 'parentId', 'symbol', 'side', 'venue', 'kind', 'logic', 'px', 'qty', 'filled', 'avgPx', 'vwapSlip', 'leaves', 'status', 'latency', 'fees', 'updated'],
  true,
);
const DEFAULT_COL = { sortable: true, resizable: true, flex: 0 };

export type ChildFilter = 'working' | 'all';

export interface BlotterFilter {
  /** Only this parent's children; null: every parent. */
  parentId: string | null;
  show: ChildFilter;
}

const passes = (f: BlotterFilter, r: ChildRow) => (f.parentId === null || r.parentId === f.parentId) && (f.show === 'all' || childIsWorking(r));
const filtering = (f: BlotterFilter) => f.parentId !== null || f.show !== 'all';

function parentLabel(p: ParentRow): string {
  return `${p.parentId} · ${p.side === 'buy' ? 'BUY' : 'SELL'} ${formatQty(p.qty)} ${p.symbol}${p.status === 'completed' ? ' · done' : ''}`;
}

/**
 * The live child-order blotter: every child the router sent (working ones and
 * the recently finished), updated in place from routing.children. Filter by
 * parent and working / all; a click on a row maps its parent's venues.
 */
export function RoutingBlotter({
  feed,
  parents,
  user,
  filter,
  onFilter,
  mapped,
  selectedChild,
  onSelect,
}: {
  feed: ChildFeed;
  /** Parents this user may see, for the picker: working first, newest first. */
  parents: ParentRow[];
  user: User | undefined;
  filter: BlotterFilter;
  onFilter: (f: BlotterFilter) => void;
  /** The parent the venue map shows: its rows are marked. */
  mapped: string | null;
  selectedChild: string | null;
  onSelect: (row: ChildRow) => void;
}) {
  const conn = useConnection();
  const stats = useSyncExternalStore(feed.subscribeStats, feed.getStats, feed.getStats);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const { apiRef, gridProps } = useLiveBlotter<ChildRow, BlotterFilter>(feed, { idOf: (r) => r.childId, selectedId: selectedChild, onSelect, filter, filtering, passes });
  const layout = useGridLayout('routing');
  const router = useRouter();
  // Enter opens the child's parent: its schedule, trilemma and every child.
  const openParent = useCallback((row: ChildRow) => router.push(`/parents/${encodeURIComponent(row.parentId)}`), [router]);

  // Rows of the mapped parent carry a mark; a new mapped parent redraws them.
  const mappedRef = useRef(mapped);
  mappedRef.current = mapped;
  useEffect(() => {
    const api = apiRef.current;
    if (api && !api.isDestroyed()) api.redrawRows();
  }, [apiRef, mapped]);
  const rowClassRules = useMemo(() => ({ ...CHILD_ROW_CLASS, 'rt-row-mapped': (p: RowClassParams<ChildRow>) => !!p.data && p.data.parentId === mappedRef.current }), []);


  // What the filter shows, counted from the feed (a few thousand rows at most).
  const shown = useMemo(() => {
    void stats.version;
    let n = 0;
    for (const r of feed.all()) if (passes(filter, r)) n++;
    return n;
  }, [feed, filter, stats.version]);

  const scope = user?.role === 'trader' ? 'children of parents holding my orders' : 'all desks';
  const trader = user?.role === 'trader';
  const emptyProps =
    stats.total === 0
      ? trader
        ? { title: 'No child orders yet', hint: 'Stage orders with the ticket or a basket: once they form a parent, the router’s children appear here.', href: '/orders', action: 'Go to Orders →' }
        : { title: 'No child orders yet', hint: 'They appear here as strategies work their parents.' }
      : filter.show === 'working'
        ? { title: `No working children${filter.parentId ? ` for ${filter.parentId}` : ''} right now`, hint: 'Show All to see finished ones.' }
        : { title: `No children${filter.parentId ? ` for ${filter.parentId}` : ''} yet`, hint: 'The strategy places them as its schedule asks.' };

  return (
    <section className="blotter rt-blotter" data-testid="routing-blotter" data-conn={conn.state} data-filter={filter.show} data-parent={filter.parentId ?? ''} aria-label="Child orders">
      <div className="panel-head">
        <h1 className="panel-title">Child Orders</h1>
        <span className="panel-meta" data-testid="routing-count" data-count={shown} data-total={stats.total} data-working={stats.working}>
          {formatQty(shown)} shown · {formatQty(stats.working)} working · {scope}
        </span>
        <label className="rt-picker">
          <span className="rt-picker-label">Parent</span>
          <select
            data-testid="routing-parent-filter"
            value={filter.parentId ?? ''}
            onChange={(e) => onFilter({ ...filter, parentId: e.target.value || null })}
            title="Show one parent's children (and map its venues)"
          >
            <option value="">All parents</option>
            {parents.map((p) => (
              <option key={p.parentId} value={p.parentId}>
                {parentLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <div className="pr-filter" role="group" aria-label="Show children">
          {(['working', 'all'] as const).map((f) => (
            <button key={f} type="button" className="pr-filter-btn" data-testid={`routing-filter-${f}`} aria-pressed={filter.show === f} onClick={() => onFilter({ ...filter, show: f })}>
              {f === 'working' ? 'Working' : 'All'}
              <span className="pr-filter-n num">{formatQty(f === 'working' ? stats.working : stats.total)}</span>
            </button>
          ))}
        </div>
        <span className="panel-spacer" />
        <FeedWarning testId="routing-warning" />
        <span className="pr-hint muted">
          click a row to map its parent · <kbd>Enter</kbd> open parent
        </span>
        <LayoutMenu layout={layout} label="Child Orders" />
        <span className="panel-meta muted">seq {stats.seq ?? '—'}</span>
      </div>
      <div className="blotter-grid rt-grid">
        {mounted ? (
          <DeskGrid<ChildRow>
            {...gridProps}
            layout={layout}
            onOpen={openParent}
            columnDefs={COLUMNS}
            defaultColDef={DEFAULT_COL}
            rowClassRules={rowClassRules}
            asyncTransactionWaitMillis={100}
            suppressNoRowsOverlay
          />
        ) : null}
        {stats.seq !== null && shown === 0 ? (
          <EmptyState testId="routing-empty" className="rt-grid-empty" {...emptyProps} />
        ) : null}
      </div>
    </section>
  );
}
