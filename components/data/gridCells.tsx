'use client';

import type { ColDef, ColTypeDef, ICellRendererParams } from 'ag-grid-community';
import { formatAvgPrice, formatBps, formatFixed, formatNyTime, formatPct, formatPrice, formatQty, formatUsd, toneOf } from './format';

const RIGHT = { headerClass: 'ag-right-aligned-header', cellClass: ['num', 'ag-right-aligned-cell'] };

/** Green when the figure is good for us, red when it is bad; `cost` figures are good when negative. */
const toneRules = (cost: boolean, flat = 0.05) => ({
  'tone-pos': (p: { value: unknown }) => toneOf(typeof p.value === 'number' ? (cost ? -p.value : p.value) : null, flat) === 'pos',
  'tone-neg': (p: { value: unknown }) => toneOf(typeof p.value === 'number' ? (cost ? -p.value : p.value) : null, flat) === 'neg',
});

type Row = { symbol?: string | null };

const ROW_ID_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Time, then row id. Rows stamped in the same engine millisecond (a basket's
 * lines, the parents they open) would otherwise swap places as they update,
 * under delta sort, and a row the trader has selected would jump; ids are
 * issued in arrival order, so they break the tie the way time would.
 */
export const byTimeThenId: NonNullable<ColDef['comparator']> = (a, b, nodeA, nodeB) => {
  if (a !== b) return a == null ? -1 : b == null ? 1 : a < b ? -1 : 1;
  return ROW_ID_ORDER.compare(nodeA?.id ?? '', nodeB?.id ?? '');
};

/**
 * The desk's one set of column kinds, given to every grid as `columnTypes`: a
 * column says `type: 'qty'` (or price, bps…) and gets its alignment, tabular
 * figures, fixed decimals and colour from here, the same on every page.
 *
 *   qty        shares: 0 dp, thousands separators          qtyOrBlank  the same, zero blank
 *   price      the instrument's tick (2 dp, SIRI 4)        avgPrice    averages and benchmarks, 4 dp
 *   bps        signed, 1 dp, green better / red worse      costBps     signed, 1 dp, red a cost / green a gain
 *   usd        2 dp                                        costUsd     2 dp, red a cost / green a gain
 *   pct        share 0..1 as 1 dp %                        count       whole numbers
 *   number     right-aligned tabular figures, formatted by the column itself
 *   time       engine time, HH:MM:SS New York              side        BUY green, SELL red
 */
export const DESK_COLUMN_TYPES: Record<string, ColTypeDef> = {
  number: { ...RIGHT },
  qty: { ...RIGHT, valueFormatter: (p) => formatQty(p.value) },
  qtyOrBlank: { ...RIGHT, valueFormatter: (p) => (p.value ? formatQty(p.value) : '') },
  count: { ...RIGHT, valueFormatter: (p) => formatQty(p.value) },
  price: { ...RIGHT, valueFormatter: (p) => formatPrice(p.value, (p.data as Row | undefined)?.symbol) },
  avgPrice: { ...RIGHT, valueFormatter: (p) => formatAvgPrice(p.value) },
  bps: { ...RIGHT, valueFormatter: (p) => formatBps(p.value), cellClassRules: toneRules(false) },
  costBps: { ...RIGHT, valueFormatter: (p) => formatBps(p.value), cellClassRules: toneRules(true) },
  usd: { ...RIGHT, valueFormatter: (p) => formatUsd(p.value) },
  costUsd: { ...RIGHT, valueFormatter: (p) => formatUsd(p.value), cellClassRules: toneRules(true, 0.005) },
  pct: { ...RIGHT, valueFormatter: (p) => formatPct(p.value) },
  time: { cellClass: ['num', 'muted'], valueFormatter: (p) => formatNyTime(p.value), comparator: byTimeThenId },
  side: {
    valueFormatter: (p) => (p.value === 'buy' ? 'BUY' : p.value === 'sell' ? 'SELL' : ''),
    cellClassRules: { 'side-buy': (p) => p.value === 'buy', 'side-sell': (p) => p.value === 'sell' },
  },
};

export type DeskColumnType = keyof typeof DESK_COLUMN_TYPES;

/** Right-aligned tabular figures for a column that formats itself (the `number` kind). */
export const NUM = { type: 'number' as const };

/** A status as a coloured pill (classes `pill status-<status>` in app/globals.css and the page's CSS). */
export function StatusPill(p: ICellRendererParams<unknown, string>) {
  const s = p.value ?? '';
  return <span className={`pill status-${s.replace(/\s+/g, '-')}`}>{s}</span>;
}

/** BUY in green, SELL in red. */
export function sideColumn<R>(width: number): ColDef<R> {
  return { colId: 'side', headerName: 'Side', field: 'side' as ColDef<R>['field'], width, type: 'side' };
}

/** Fixed decimals for a column that is neither shares nor a price: "0.84", "12.0". */
export const fixedFormatter = (digits: number) => (p: { value: unknown }) => formatFixed(typeof p.value === 'number' ? p.value : null, digits);
