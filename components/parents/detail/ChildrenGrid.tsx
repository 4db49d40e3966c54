'use client';

import type { ColDef, GetRowIdParams, ICellRendererParams, RowClassParams } from 'ag-grid-community';
import { formatNyTime, formatPrice, formatQty } from '@/components/data/format';
import { DetailGrid } from './DetailGrid';
import type { ChildRow } from './types';

const num = { type: 'rightAligned' as const, cellClass: ['num', 'ag-right-aligned-cell'] };

function StatusCell(p: ICellRendererParams<ChildRow, string>) {
  const s = p.value ?? '';
  return <span className={`pill status-${s}`}>{s}</span>;
}

const KIND: Record<string, string> = { limit: 'LMT', ioc: 'IOC', mid: 'MID' };

const COLUMNS: ColDef<ChildRow>[] = [
  { colId: 'placed', headerName: 'Placed', headerTooltip: 'Engine time, New York', field: 'placedAt', width: 74, valueFormatter: (p) => formatNyTime(p.value), cellClass: 'num muted', sort: 'desc' },
  { colId: 'childId', headerName: 'Child', field: 'childId', width: 92, cellClass: 'mono' },
  { colId: 'venue', headerName: 'Venue', field: 'venue', width: 64, cellClass: 'mono pd-venue' },
  { colId: 'kind', headerName: 'Type', field: 'kind', width: 52, valueFormatter: (p) => KIND[p.value as string] ?? String(p.value ?? '') },
  {
    colId: 'placement',
    headerName: 'How',
    headerTooltip: 'passive: posted at the touch · mid: midpoint · aggressive: crossed the spread',
    field: 'placement',
    width: 82,
    cellClassRules: { 'pd-pl-passive': (p) => p.value === 'passive', 'pd-pl-mid': (p) => p.value === 'mid', 'pd-pl-aggressive': (p) => p.value === 'aggressive' },
  },
  { colId: 'px', headerName: 'Limit', field: 'px', width: 70, valueFormatter: (p) => formatPrice(p.value), ...num },
  { colId: 'qty', headerName: 'Qty', field: 'qty', width: 62, valueFormatter: (p) => formatQty(p.value), ...num },
  { colId: 'filled', headerName: 'Filled', field: 'filledQty', width: 62, valueFormatter: (p) => (p.value ? formatQty(p.value) : ''), enableCellChangeFlash: true, ...num },
  { colId: 'avgPrice', headerName: 'Avg Px', field: 'avgPrice', width: 72, valueFormatter: (p) => (p.value == null ? '' : formatPrice(p.value)), enableCellChangeFlash: true, ...num },
  { colId: 'leaves', headerName: 'Leaves', field: 'leaves', width: 62, valueFormatter: (p) => (p.value ? formatQty(p.value) : ''), enableCellChangeFlash: true, ...num },
  { colId: 'status', headerName: 'Status', field: 'status', width: 84, cellRenderer: StatusCell, enableCellChangeFlash: true },
  { colId: 'updated', headerName: 'Updated', field: 'updatedAt', minWidth: 74, flex: 1, valueFormatter: (p) => formatNyTime(p.value), cellClass: 'num muted' },
];

const DEFAULT_COL: ColDef<ChildRow> = { sortable: true, resizable: true, flex: 0 };
const getRowId = (p: GetRowIdParams<ChildRow>) => p.data.childId;
const ROW_CLASS = {
  'row-done': (p: RowClassParams<ChildRow>) => !!p.data && (p.data.status === 'cancelled' || p.data.status === 'rejected'),
  'pd-row-live': (p: RowClassParams<ChildRow>) => !!p.data && (p.data.status === 'live' || p.data.status === 'pending'),
};

/** The parent's most recent child orders (newest first), as parents.detail lists them; rows update in place. */
export function ChildrenGrid({ rows }: { rows: ChildRow[] }) {
  return (
    <DetailGrid<ChildRow>
      testId="children-grid"
      rows={rows}
      columns={COLUMNS}
      defaultCol={DEFAULT_COL}
      rowId={getRowId}
      rowClass={ROW_CLASS}
      empty="No child orders yet. The strategy places them as the schedule asks."
    />
  );
}
