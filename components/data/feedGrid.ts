'use client';

import {
  ExternalFilterModule,
  RowSelectionModule,
  ScrollApiModule,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type IRowNode,
  type RowSelectionOptions,
} from 'ag-grid-community';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { deskGridTheme } from '@/components/orders/gridSetup';
import { mirrorSelection, useArrowKeySelection } from './gridKeys';
import { flashRows } from './drawnRows';
import type { RowChange, RowFeed, RowFeedStats } from './rowFeed';

/**
 * A few new rows flash whole, so each catches the eye. A burst (a basket's
 * hundred lines landing at the top of a sorted blotter) flashes only its first
 * column: every flashing cell is a CSS transition of its own, and with a whole
 * screen of them each style recalculation took hundreds of milliseconds in
 * Chromium (measured with 816 at once: 0.3–1.8 s), freezing the page.
 */
const FLASH_WHOLE_ROWS_UP_TO = 8;

export function flashNewRows<Row>(api: GridApi<Row>, rows: IRowNode<Row>[]): void {
  if (rows.length <= FLASH_WHOLE_ROWS_UP_TO) {
    flashRows(api, rows);
    return;
  }
  const first = api.getAllDisplayedColumns()[0];
  if (first) flashRows(api, rows, [first.getColId()]);
}

/**
 * One feed change into a grid: a snapshot replaces the rows, a delta goes in as
 * an async transaction (batched by ag-grid) and its new rows flash once, the
 * way changed cells do. `after` runs once the grid holds the change.
 */
export function applyRowChange<Row>(api: GridApi<Row>, c: RowChange<Row>, after?: (api: GridApi<Row>) => void): void {
  if (api.isDestroyed()) return;
  if (c.kind === 'snapshot') {
    api.flushAsyncTransactions();
    api.setGridOption('rowData', c.rows);
    after?.(api);
    return;
  }
  if (c.add.length === 0 && c.update.length === 0 && c.remove.length === 0) return;
  api.applyTransactionAsync({ add: c.add, update: c.update, remove: c.remove }, (res) => {
    if (api.isDestroyed()) return;
    if (res.add.length) flashNewRows(api, res.add);
    after?.(api);
  });
}

/**
 * Wires a live blotter to its feed: on grid ready it loads the rows that arrived
 * before the grid existed, then applies every change after, with nothing in
 * between; it lets go of the feed on unmount. Give the grid `onGridReady`.
 */
export function useFeedGrid<Row>(
  feed: RowFeed<Row, RowFeedStats>,
  after?: (api: GridApi<Row>) => void,
): { apiRef: RefObject<GridApi<Row> | null>; onGridReady: (e: GridReadyEvent<Row>) => void } {
  const apiRef = useRef<GridApi<Row> | null>(null);
  const afterRef = useRef(after);
  afterRef.current = after;
  const unsubscribeRef = useRef<(() => void) | null>(null);
  const onGridReady = useCallback(
    (e: GridReadyEvent<Row>) => {
      apiRef.current = e.api;
      e.api.setGridOption('rowData', feed.all());
      afterRef.current?.(e.api);
      unsubscribeRef.current?.();
      unsubscribeRef.current = feed.onChange((c) => applyRowChange(e.api, c, afterRef.current));
    },
    [feed],
  );
  useEffect(
    () => () => {
      unsubscribeRef.current?.();
      unsubscribeRef.current = null;
      apiRef.current = null;
    },
    [],
  );
  return { apiRef, onGridReady };
}

/**
 * What every live blotter tells ag-grid: all columns drawn, few rows beyond the
 * viewport, no cell focus, batched transactions, flashes that fade. Rows move to
 * their place without animating (with thousands of rows and new ones sorted to
 * the top, every drawn row would slide on every batch), and a batch re-sorts only
 * the rows it touched.
 */
export const LIVE_GRID = {
  suppressColumnVirtualisation: true,
  // Rows drawn beyond the viewport (ag-grid's default is 10 each way): a basket
  // landing at the top re-creates every drawn row. None at all measured no better
  // (scrolling then draws more per frame) and left rows blank while scrolling.
  rowBuffer: 4,
  suppressCellFocus: true,
  asyncTransactionWaitMillis: 50,
  animateRows: false,
  deltaSort: true,
  cellFlashDuration: 600,
  cellFadeDuration: 900,
} as const;

/** Modules a selectable, filtered blotter needs, given to it alone rather than registered for every grid. */
const BLOTTER_MODULES = [RowSelectionModule, ExternalFilterModule, ScrollApiModule];
const SINGLE_ROW = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;

export interface LiveBlotterOptions<Row, Filter> {
  /** The row id, as ag-grid's getRowId. */
  idOf: (row: Row) => string;
  /** The selected row's id; the page owns the selection, the grid mirrors it. */
  selectedId: string | null;
  onSelect: (row: Row) => void;
  /** The page's filter, applied as ag-grid's external filter. */
  filter: Filter;
  /** Whether the filter hides anything at all, and whether a row passes it. */
  filtering: (f: Filter) => boolean;
  passes: (f: Filter, row: Row) => boolean;
}

/**
 * A live blotter with a page-owned single selection and filter: the feed wired
 * in (useFeedGrid), the selection mirrored after every change, a click or ↑/↓
 * selecting, and the filter re-run when it changes. Spread `gridProps` on the
 * grid (theme, modules, row ids, selection, filter and the LIVE_GRID options).
 */
export function useLiveBlotter<Row, Filter>(feed: RowFeed<Row, RowFeedStats>, opts: LiveBlotterOptions<Row, Filter>) {
  const latest = useRef(opts);
  latest.current = opts;
  const sync = useCallback((api: GridApi<Row>) => mirrorSelection(api, latest.current.selectedId), []);
  const { apiRef, onGridReady } = useFeedGrid<Row>(feed, sync);

  useEffect(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed()) return;
    api.onFilterChanged();
    sync(api);
  }, [apiRef, opts.filter, sync]);
  useEffect(() => {
    if (apiRef.current) sync(apiRef.current);
  }, [apiRef, opts.selectedId, sync]);

  const select = useCallback((row: Row) => latest.current.onSelect(row), []);
  const selectedRowId = useCallback(() => latest.current.selectedId, []);
  useArrowKeySelection(apiRef, selectedRowId, select);

  const isExternalFilterPresent = useCallback(() => latest.current.filtering(latest.current.filter), []);
  const doesExternalFilterPass = useCallback((n: IRowNode<Row>) => !n.data || latest.current.passes(latest.current.filter, n.data), []);
  const getRowId = useCallback((p: GetRowIdParams<Row>) => latest.current.idOf(p.data), []);
  return {
    apiRef,
    gridProps: {
      theme: deskGridTheme,
      modules: BLOTTER_MODULES,
      getRowId,
      rowSelection: SINGLE_ROW as RowSelectionOptions<Row>,
      onGridReady,
      // A click or an arrow selects through the row its event names (DeskGrid's onPick).
      onPick: select,
      isExternalFilterPresent,
      doesExternalFilterPass,
      ...LIVE_GRID,
    },
  };
}
