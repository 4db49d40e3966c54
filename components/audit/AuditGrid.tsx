'use client';

import {
  RowSelectionModule,
  ScrollApiModule,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type ICellRendererParams,
  type RowClassParams,
  type RowSelectionOptions,
  type SelectionChangedEvent,
} from 'ag-grid-community';
import { DeskGrid } from '@/components/data/DeskGrid';
import type { GridLayout } from '@/components/data/gridLayout';
import { mirrorSelection, useArrowKeySelection } from '@/components/data/gridKeys';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AuditRow } from '@/server/store/audit';
import { deskGridTheme, registerGridModules } from '@/components/orders/gridSetup';
import { familyOf, formatNyTimeMs, isRefusal } from './auditQuery';

registerGridModules();

const GRID_MODULES = [RowSelectionModule, ScrollApiModule];

/** Clicks on an id drill into it; the grid passes them through its context. */
interface GridContext {
  onOrder: (id: string) => void;
  onParent: (id: string) => void;
}

function TypeCell(p: ICellRendererParams<AuditRow, string>) {
  const t = p.value ?? '';
  return (
    <span className={`au-pill fam-${familyOf(t)} ${isRefusal(t) ? 'refusal' : ''}`} data-family={familyOf(t)}>
      {t}
    </span>
  );
}

function OrderIdsCell(p: ICellRendererParams<AuditRow, string[]> & { context: GridContext }) {
  const ids = p.value ?? [];
  return (
    <span className="au-ids">
      {ids.map((id) => (
        <button
          key={id}
          type="button"
          className="au-link"
          tabIndex={-1}
          data-testid="audit-order-link"
          title={`Show every event of ${id}`}
          onClick={(e) => {
            e.stopPropagation();
            p.context.onOrder(id);
          }}
        >
          {id}
        </button>
      ))}
    </span>
  );
}

function ParentCell(p: ICellRendererParams<AuditRow, string | null> & { context: GridContext }) {
  const id = p.value;
  if (!id) return null;
  return (
    <button
      type="button"
      className="au-link"
          tabIndex={-1}
      data-testid="audit-parent-link"
      title={`Show every event of ${id}`}
      onClick={(e) => {
        e.stopPropagation();
        p.context.onParent(id);
      }}
    >
      {id}
    </button>
  );
}

const COLUMNS: ColDef<AuditRow>[] = [
  { colId: 'seq', headerName: 'Seq', field: 'seq', width: 76, type: 'number', cellClass: ['num', 'muted', 'ag-right-aligned-cell'] },
  { colId: 'time', headerName: 'Time NY', headerTooltip: 'Engine time, New York', field: 'ts', width: 108, valueFormatter: (p) => (p.value == null ? '' : formatNyTimeMs(p.value)), cellClass: 'num' },
  { colId: 'type', headerName: 'Type', field: 'type', width: 164, cellRenderer: TypeCell },
  { colId: 'actor', headerName: 'Actor', field: 'actor', width: 80, cellClass: 'au-actor' },
  { colId: 'orderIds', headerName: 'Orders', field: 'orderIds', width: 168, cellRenderer: OrderIdsCell, tooltipValueGetter: (p) => (Array.isArray(p.value) ? p.value.join(', ') : '') },
  { colId: 'parentId', headerName: 'Parent', field: 'parentId', width: 96, cellRenderer: ParentCell },
  { colId: 'summary', headerName: 'Summary', field: 'summary', flex: 1, minWidth: 280, tooltipField: 'summary', cellClass: 'au-summary' },
];

const DEFAULT_COL: ColDef<AuditRow> = { sortable: false, resizable: true, flex: 0 };
const ROW_SELECTION: RowSelectionOptions<AuditRow> = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };
const getRowId = (p: GetRowIdParams<AuditRow>) => String(p.data.seq);


/** The search results, newest first; selection lives in the page, the grid mirrors it. */
export function AuditGrid({
  rows,
  selectedSeq,
  onSelect,
  onOrder,
  onParent,
  layout,
}: {
  rows: AuditRow[];
  selectedSeq: number | null;
  onSelect: (seq: number | null) => void;
  onOrder: (id: string) => void;
  onParent: (id: string) => void;
  layout?: GridLayout;
}) {
  const apiRef = useRef<GridApi<AuditRow> | null>(null);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  // The grid keeps its first context object; it calls through to the latest handlers.
  const handlers = useRef({ onOrder, onParent });
  handlers.current = { onOrder, onParent };
  const [context] = useState<GridContext>(() => ({ onOrder: (id) => handlers.current.onOrder(id), onParent: (id) => handlers.current.onParent(id) }));

  const selectedRef = useRef(selectedSeq);
  selectedRef.current = selectedSeq;
  const syncSelection = useCallback((api: GridApi<AuditRow>) => mirrorSelection(api, selectedRef.current === null ? null : String(selectedRef.current)), []);
  useEffect(() => {
    if (apiRef.current) syncSelection(apiRef.current);
  }, [selectedSeq, rows, syncSelection]);

  const onGridReady = useCallback(
    (e: GridReadyEvent<AuditRow>) => {
      apiRef.current = e.api;
      syncSelection(e.api);
    },
    [syncSelection],
  );
  useEffect(() => () => void (apiRef.current = null), []);

  // ↑/↓ anywhere on the page (outside a field) walk the selection through the rows.
  const selectedRowId = useCallback(() => selectedRef.current === null ? null : String(selectedRef.current), []);
  const selectRow = useCallback((row: AuditRow) => onSelect(row.seq), [onSelect]);
  useArrowKeySelection(apiRef, selectedRowId, selectRow);

  const rowClassRules = useMemo(() => ({ 'au-row-refusal': (p: RowClassParams<AuditRow>) => !!p.data && isRefusal(p.data.type) }), []);

  if (!mounted) return null;
  return (
    <DeskGrid<AuditRow>
      layout={layout}
      onEscape={() => onSelect(null)}
      theme={deskGridTheme}
      modules={GRID_MODULES}
      columnDefs={COLUMNS}
      defaultColDef={DEFAULT_COL}
      rowData={rows}
      getRowId={getRowId}
      context={context}
      onGridReady={onGridReady}
      rowSelection={ROW_SELECTION}
      onPick={selectRow}
      rowClassRules={rowClassRules}
      suppressNoRowsOverlay
    />
  );
}
