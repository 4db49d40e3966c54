'use client';

import type { ColDef, ICellRendererParams } from 'ag-grid-community';

/** Right-aligned, monospaced, tabular figures: every number column. */
export const NUM = { type: 'rightAligned' as const, cellClass: ['num', 'ag-right-aligned-cell'] };

/** A status as a coloured pill (classes `pill status-<status>` in app/globals.css and the page's CSS). */
export function StatusPill(p: ICellRendererParams<unknown, string>) {
  const s = p.value ?? '';
  return <span className={`pill status-${s.replace(/\s+/g, '-')}`}>{s}</span>;
}

/** BUY in green, SELL in red. */
export function sideColumn<Row>(width: number): ColDef<Row> {
  return {
    colId: 'side',
    headerName: 'Side',
    field: 'side' as ColDef<Row>['field'],
    width,
    valueFormatter: (p) => (p.value === 'buy' ? 'BUY' : p.value === 'sell' ? 'SELL' : ''),
    cellClassRules: { 'side-buy': (p) => p.value === 'buy', 'side-sell': (p) => p.value === 'sell' },
  };
}
