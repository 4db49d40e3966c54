'use client';

import {
  ColumnApiModule,
  EventApiModule,
  TooltipModule,
  type CellFocusedEvent,
  type CellKeyDownEvent,
  type ColumnMovedEvent,
  type ColumnResizedEvent,
  type ColumnVisibleEvent,
  type FullWidthCellKeyDownEvent,
  type GridReadyEvent,
  type ModelUpdatedEvent,
  type RowClickedEvent,
  type Module,
  type SortChangedEvent,
} from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { useCallback, useEffect, useRef } from 'react';
import { onTicks } from './format';
import { VanillaGrid } from './VanillaGrid';
import { DRAWN_ROWS, redrawColumns } from './drawnRows';
import { DESK_COLUMN_TYPES } from './gridCells';
import type { GridLayout } from './gridLayout';

/** Tab leaves the grid rather than walking its cells. */
const noTabWalk = () => false;

/** Modules every desk grid gets besides its own: column state, for layouts (moving, resizing and keyboard navigation are in the core). */
const DESK_MODULES: Module[] = [ColumnApiModule];
/** … and tooltips, unless the grid does without (ag-grid then builds a tooltip feature for every drawn cell). */
const WITH_TOOLTIPS: Module[] = [...DESK_MODULES, TooltipModule];
/** … and, for rows drawn whole, grid events: drawn rows follow the header's columns (drawnRows). */
const DRAWN_ROW_MODULES: Module[] = [EventApiModule];

export interface DeskGridProps<Row> extends AgGridReactProps<Row> {
  /** The user's saved layout of this grid (useGridLayout). */
  layout?: GridLayout;
  /** Enter on a row: open its detail. */
  onOpen?: (row: Row) => void;
  /** Delete (or Backspace) on a row: cancel it, as the row's cancel button would. */
  onDelete?: (row: Row) => void;
  /** Escape in the grid: close what the selection opened. */
  onEscape?: () => void;
  /**
   * A page that owns the selection hears here of the row a click or a keyboard move picked, from the
   * click or focus event itself, and mirrors its selection back into the grid. ag-grid runs its event
   * callbacks asynchronously: by the time a selection-changed callback runs, a live update may already
   * have mirrored the page's older selection back, and reading the grid's selection then undoes the pick.
   */
  onPick?: (row: Row) => void;
  /** Draw rows with ag-grid's own DOM renderer (VanillaGrid); cell renderers must then be plain ones (plainCells). */
  vanilla?: boolean;
  /** false: no ag-grid tooltips (native titles from plainCells instead), so drawing a row builds no tooltip features. */
  tooltips?: boolean;
  /**
   * Draw each row as one element whose cells the desk draws itself (drawnRows), rather than an ag-grid
   * component per cell; needs `vanilla`, and plain cell renderers. The row takes the keyboard focus.
   */
  drawnRows?: boolean;
}

/**
 * Every grid of the desk: the shared column kinds (alignment, decimals,
 * colours), cells that take keyboard focus (arrows move, Enter opens, Delete
 * cancels where the page offers it, Escape closes, Tab leaves the grid rather than
 * walking every cell), and the user's saved column layout. Other props go to ag-grid
 * as given.
 */
export function DeskGrid<Row>({ layout, onOpen, onDelete, onEscape, onPick, onGridReady, modules, rowSelection, vanilla, tooltips = true, drawnRows, ...rest }: DeskGridProps<Row>) {
  const latest = useRef({ onOpen, onDelete, onEscape, onPick, layout });
  latest.current = { onOpen, onDelete, onEscape, onPick, layout };
  const apiRef = useRef<GridReadyEvent<Row>['api'] | null>(null);
  const columnsRef = useRef(rest.columnDefs);
  columnsRef.current = rest.columnDefs;

  const ready = useCallback(
    (e: GridReadyEvent<Row>) => {
      apiRef.current = e.api;
      latest.current.layout?.attach(e.api, columnsRef.current);
      onGridReady?.(e);
    },
    [onGridReady],
  );
  useEffect(() => () => latest.current.layout?.detach(), []);
  // Prices follow their instrument's tick: redraw them once the ticks are known.
  useEffect(() => onTicks(() => apiRef.current && redrawColumns(apiRef.current)), []);

  const onCellKeyDown = useCallback((e: CellKeyDownEvent<Row> | FullWidthCellKeyDownEvent<Row>) => {
    const key = (e.event as KeyboardEvent | null)?.key;
    if (key === 'Enter' && e.data && latest.current.onOpen && e.node.rowPinned == null) {
      (e.event as KeyboardEvent).preventDefault();
      latest.current.onOpen(e.data);
    } else if ((key === 'Delete' || key === 'Backspace') && e.data && latest.current.onDelete && e.node.rowPinned == null) {
      (e.event as KeyboardEvent).preventDefault();
      latest.current.onDelete(e.data);
    } else if (key === 'Escape' && latest.current.onEscape) latest.current.onEscape();
  }, []);

  // ag-grid keeps the focused cell by row index, so a live row landing above the focused one moves
  // the focus outline (and ↑ ↓) to another row while the keyboard still types into the row the
  // trader picked — whose Enter or Delete would act where nothing shows. After each update the
  // focus goes back to the row that holds the browser's focus.
  const keepFocusOnRow = useCallback((e: ModelUpdatedEvent<Row>) => {
    const focused = e.api.getFocusedCell();
    if (!focused || focused.rowPinned) return;
    const rowEl = document.activeElement?.closest('.ag-row[row-id]');
    // A row of this grid, not of another on the page (or one nested in it).
    if (!rowEl || rowEl.closest('[grid-id]')?.getAttribute('grid-id') !== e.api.getGridId()) return;
    const id = rowEl.getAttribute('row-id');
    const node = id == null ? undefined : e.api.getRowNode(id);
    if (node?.rowIndex != null && node.rowIndex !== focused.rowIndex) e.api.setFocusedCell(node.rowIndex, focused.column);
  }, []);

  // A selectable grid selects the row its focused cell moves to, as a click would.
  const selectable = !!rowSelection;
  const onCellFocused = useCallback(
    (e: CellFocusedEvent<Row>) => {
      if (!selectable || e.rowIndex === null || e.rowPinned) return;
      const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
      if (!node?.data) return;
      if (latest.current.onPick) latest.current.onPick(node.data);
      else if (!node.isSelected()) node.setSelected(true, true, 'spaceKey');
    },
    [selectable],
  );
  const onRowClicked = useCallback((e: RowClickedEvent<Row>) => {
    if (e.data && e.node.rowPinned == null) latest.current.onPick?.(e.data);
  }, []);

  const userMoved = useCallback((e: ColumnMovedEvent<Row>) => e.finished && e.source === 'uiColumnMoved' && latest.current.layout?.userChanged(), []);
  const userResized = useCallback((e: ColumnResizedEvent<Row>) => e.finished && e.source === 'uiColumnResized' && latest.current.layout?.userChanged(), []);
  const userSorted = useCallback((e: SortChangedEvent<Row>) => e.source === 'uiColumnSorted' && latest.current.layout?.userChanged(), []);
  const userShown = useCallback((e: ColumnVisibleEvent<Row>) => e.source !== 'api' && e.source !== 'gridInitializing' && latest.current.layout?.userChanged(), []);

  const props: AgGridReactProps<Row> = {
    ...rest,
    ...(drawnRows ? DRAWN_ROWS : {}),
    modules: [...(tooltips ? WITH_TOOLTIPS : DESK_MODULES), ...(drawnRows ? DRAWN_ROW_MODULES : []), ...(modules ?? [])],
    rowSelection,
    columnTypes: DESK_COLUMN_TYPES,
    ...(tooltips ? { tooltipShowDelay: 400 } : {}),
    onGridReady: ready,
    suppressCellFocus: false,
    tabToNextCell: noTabWalk,
    onCellKeyDown,
    onCellFocused,
    onModelUpdated: keepFocusOnRow,
    ...(onPick ? { onRowClicked } : {}),
    onColumnMoved: userMoved,
    onColumnResized: userResized,
    onSortChanged: userSorted,
    onColumnVisible: userShown,
  };
  if (drawnRows && !vanilla) throw new Error('DeskGrid: drawnRows needs vanilla (ag-grid draws rows with plain DOM renderers)');
  return vanilla ? <VanillaGrid<Row> {...props} /> : <AgGridReact<Row> {...props} />;
}
