'use client';

import { ExternalFilterModule, PinnedRowModule, RowSelectionModule, ScrollApiModule, type ColDef, type RowClassParams } from 'ag-grid-community';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { TcaTotalRow } from '@/server/trpc/tca';
import { DeskGrid } from '@/components/data/DeskGrid';
import { useLiveBlotter } from '@/components/data/feedGrid';
import type { GridLayout } from '@/components/data/gridLayout';
import type { RowFeed } from '@/components/data/rowFeed';
import { registerGridModules } from '@/components/orders/gridSetup';
import type { WithTotal } from './tcaColumns';

registerGridModules();

const MODULES = [RowSelectionModule, ExternalFilterModule, ScrollApiModule, PinnedRowModule];
const DEFAULT_COL: ColDef = { sortable: true, resizable: true, flex: 0 };
const none = () => false;
const all = () => true;

/**
 * One level of the TCA as a live blotter: the rows from its feed (updated in
 * place each second), a pinned TOTAL line below them, and a page-owned
 * selection. `empty` says what to do when there is nothing yet.
 */
export function TcaGrid<Row extends object>({
  feed,
  columns,
  idOf,
  total,
  totalRow,
  selectedId,
  onSelect,
  empty,
  testId,
  rowClass,
  layout,
  onOpen,
  onEscape,
}: {
  feed: RowFeed<Row>;
  columns: ColDef<WithTotal<Row>>[];
  idOf: (row: Row) => string;
  total: TcaTotalRow | undefined;
  /** The TOTAL line as a row of this grid: id field set to 'TOTAL' and the total under `total`. */
  totalRow: (t: TcaTotalRow) => WithTotal<Row>;
  selectedId: string | null;
  onSelect: (row: Row) => void;
  empty: string | null;
  testId: string;
  rowClass?: Record<string, (p: RowClassParams<WithTotal<Row>>) => boolean>;
  layout?: GridLayout;
  onOpen?: (row: Row) => void;
  onEscape?: () => void;
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const stats = useSyncExternalStore(feed.subscribeStats, feed.getStats, feed.getStats);
  const { gridProps } = useLiveBlotter<Row, null>(feed, { idOf, selectedId, onSelect, filter: null, filtering: none, passes: all });
  const pinned = useMemo(() => (total && stats.total > 0 ? [totalRow(total)] : []), [total, totalRow, stats.total]);
  const rowClassRules = useMemo(() => ({ 'tca-total-row': (p: RowClassParams<WithTotal<Row>>) => p.node.rowPinned === 'bottom', ...rowClass }), [rowClass]);

  return (
    <div className="blotter-grid tca-grid" data-testid={testId} data-rows={stats.total} data-ready={stats.seq === null ? 'false' : 'true'}>
      {mounted ? (
        <DeskGrid<WithTotal<Row>>
          {...(gridProps as object)}
          layout={layout}
          onOpen={onOpen as ((row: WithTotal<Row>) => void) | undefined}
          onEscape={onEscape}
          modules={MODULES}
          columnDefs={columns}
          defaultColDef={DEFAULT_COL as ColDef<WithTotal<Row>>}
          pinnedBottomRowData={pinned}
          rowClassRules={rowClassRules}
          suppressNoRowsOverlay
        />
      ) : null}
      {stats.seq !== null && stats.total === 0 && empty ? (
        <div className="tca-grid-empty grid-empty" data-testid={`${testId}-empty`}>
          {empty}
        </div>
      ) : null}
    </div>
  );
}
