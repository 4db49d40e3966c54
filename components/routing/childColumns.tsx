'use client';

import type { ColDef, ICellRendererParams, RowClassParams } from 'ag-grid-community';
import Link from 'next/link';
import type { ChildRow } from '@/server/desk';
import { formatFixed, formatQty } from '@/components/data/format';
import { sideColumn } from '@/components/data/gridCells';
import { LOGIC_LABEL, LOGIC_SHORT, LOGIC_TITLE } from './routingLabels';
import { vwapSlippageColumn } from '@/components/tca/slippageColumn';
import '@/components/parents/parents.css';
import './children.css';

export const KIND_LABEL: Record<ChildRow['kind'], string> = { limit: 'LMT', ioc: 'IOC', mid: 'MID' };
const KIND_TITLE: Record<ChildRow['kind'], string> = {
  limit: 'Limit order: rests on the book at its price',
  ioc: 'Immediate-or-cancel: takes what is there, the rest is cancelled at once',
  mid: 'Midpoint peg in a dark pool: crosses at the NBBO mid, never worse than its price',
};

/** Dollars with two decimals and a real minus sign (a rebate). */
export const formatUsd = (n: number | null | undefined) => formatFixed(n, 2);

/** A round trip in microseconds: "640 µs", "1,240 µs". */
export const formatMicros = (us: number | null | undefined) => (us === null || us === undefined ? '' : `${formatQty(us)} µs`);

/** The status pill; 'possibly live' while its venue is down, and a CXL tag while a cancel is on the way. */
function ChildStatusCell(p: ICellRendererParams<ChildRow, string>) {
  const r = p.data;
  if (!r) return null;
  const s = r.displayStatus;
  const working = r.status === 'pending' || r.status === 'live';
  return (
    <span className="rt-status" data-status={s}>
      <span className={`pill status-${s.replace(' ', '-')}`} title={s === 'possibly live' ? `${r.venue} is down: the order may still be live there until the venue answers` : undefined}>
        {s}
      </span>
      {working && r.cancelRequested ? (
        <span className="rt-tag cxl" title="Cancel requested, not yet confirmed by the venue">
          CXL
        </span>
      ) : null}
    </span>
  );
}

function ParentLinkCell(p: ICellRendererParams<ChildRow, string>) {
  const id = p.value ?? '';
  return (
    <Link href={`/parents/${encodeURIComponent(id)}`} className="pr-id-link" tabIndex={-1} title={`Open parent ${id} (Enter)`} onClick={(e) => e.stopPropagation()}>
      {id}
    </Link>
  );
}

const qty = (colId: string, headerName: string, field: 'qty' | 'filledQty' | 'leaves', blankZero: boolean, width = 72): ColDef<ChildRow> => ({
  colId,
  headerName,
  field,
  width,
  type: blankZero ? 'qtyOrBlank' : 'qty',
  enableCellChangeFlash: field !== 'qty',
});

/** Every child column the desk shows, by id; grids pick theirs with `childColumns`. */
const ALL = {
  placed: { colId: 'placed', headerName: 'Placed', headerTooltip: 'Engine time, New York', field: 'placedAt', width: 78, type: 'time', sort: 'desc' },
  childId: { colId: 'childId', headerName: 'Child', field: 'childId', width: 96, cellClass: 'mono' },
  parentId: { colId: 'parentId', headerName: 'Parent', field: 'parentId', width: 92, cellClass: 'mono', cellRenderer: ParentLinkCell },
  symbol: { colId: 'symbol', headerName: 'Symbol', field: 'symbol', width: 72, cellClass: 'symbol' },
  side: sideColumn<ChildRow>(58),
  venue: { colId: 'venue', headerName: 'Venue', field: 'venue', width: 70, cellClass: 'mono rt-venue' },
  kind: {
    colId: 'kind',
    headerName: 'Type',
    field: 'kind',
    width: 58,
    valueFormatter: (p) => KIND_LABEL[p.value as ChildRow['kind']] ?? String(p.value ?? ''),
    tooltipValueGetter: (p) => (p.data ? `${KIND_TITLE[p.data.kind]}${p.data.minQty ? ` · min qty ${formatQty(p.data.minQty)}` : ''}` : ''),
    cellClass: 'mono',
  },
  logic: {
    colId: 'logic',
    headerName: 'Logic',
    headerTooltip: 'The smart order router logic that sent it: SEQ sequential, PAR parallel, SEEK liquidity-seeking',
    field: 'logic',
    width: 72,
    valueFormatter: (p) => (p.value ? LOGIC_SHORT[p.value as keyof typeof LOGIC_SHORT] + (p.data?.tried ? ` ·${p.data.tried.length + 1}` : '') : '—'),
    tooltipValueGetter: (p) =>
      p.data?.logic ? `${LOGIC_LABEL[p.data.logic]}: ${LOGIC_TITLE[p.data.logic]}${p.data.tried ? `\nTried before: ${p.data.tried.join(' → ')}` : ''}` : 'Sent before the smart order router',
    cellClassRules: { 'rt-logic-seq': (p) => p.value === 'sequential', 'rt-logic-par': (p) => p.value === 'parallel', 'rt-logic-seek': (p) => p.value === 'seeking' },
  },
  placement: {
    colId: 'placement',
    headerName: 'How',
    headerTooltip: 'passive: posted at the touch · mid: midpoint · aggressive: crossed the spread',
    field: 'placement',
    width: 82,
    cellClassRules: { 'rt-pl-passive': (p) => p.value === 'passive', 'rt-pl-mid': (p) => p.value === 'mid', 'rt-pl-aggressive': (p) => p.value === 'aggressive' },
  },
  px: { colId: 'px', headerName: 'Price', headerTooltip: 'Limit price; for a midpoint order the worst price it may cross at', field: 'px', width: 82, type: 'price' },
  qty: qty('qty', 'Qty', 'qty', false),
  filled: qty('filled', 'Filled', 'filledQty', true),
  avgPx: { colId: 'avgPx', headerName: 'Avg Px', field: 'avgPx', width: 82, type: 'avgPrice', enableCellChangeFlash: true },
  leaves: qty('leaves', 'Leaves', 'leaves', true),
  vwapSlip: vwapSlippageColumn<ChildRow>('children', (r) => r.childId, 72),
  status: {
    colId: 'status',
    headerName: 'Status',
    field: 'displayStatus',
    width: 150,
    cellRenderer: ChildStatusCell,
    enableCellChangeFlash: true,
    // The CXL tag follows cancelRequested, not the status: redraw on every update.
    equals: () => false,
  },
  latency: {
    colId: 'latency',
    headerName: 'Latency',
    headerTooltip: 'Venue round trip: placed → acknowledged (or first fill), microseconds',
    field: 'latencyUs',
    width: 84,
    type: 'number',
    valueFormatter: (p) => formatMicros(p.value),
  },
  fees: {
    colId: 'fees',
    headerName: 'Fees $',
    headerTooltip: 'Fees paid on its fills, dollars; negative (−) is a rebate',
    field: 'feesUsd',
    width: 72,
    type: 'number',
    valueFormatter: (p) => (p.data?.filledQty ? formatUsd(p.value) : ''),
    cellClassRules: { 'rt-rebate': (p) => (p.value ?? 0) < 0 },
  },
  updated: { colId: 'updated', headerName: 'Updated', field: 'updatedAt', minWidth: 78, flex: 1, type: 'time' },
} satisfies Record<string, ColDef<ChildRow>>;

export type ChildColumn = keyof typeof ALL;

/** The child columns named, in that order; `last` stretches to fill the grid. */
export function childColumns(ids: ChildColumn[], stretchLast = false): ColDef<ChildRow>[] {
  return ids.map((id, i): ColDef<ChildRow> => {
    const col: ColDef<ChildRow> = ALL[id];
    return stretchLast && i === ids.length - 1 ? { ...col, flex: 1, minWidth: col.width } : col;
  });
}

/** Finished without a fill dims; still at its venue gets the accent edge. */
export const CHILD_ROW_CLASS = {
  'row-done': (p: RowClassParams<ChildRow>) => !!p.data && (p.data.status === 'cancelled' || p.data.status === 'rejected'),
  'rt-row-working': (p: RowClassParams<ChildRow>) => !!p.data && (p.data.status === 'live' || p.data.status === 'pending'),
};
