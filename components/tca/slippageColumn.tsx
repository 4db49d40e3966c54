'use client';

import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { useSyncExternalStore } from 'react';
import { getDeskClient } from '@/components/data/client';
import { NUM } from '@/components/data/gridCells';
import { onStreamError } from '@/components/data/useRowStream';
import { formatBps, slipTone } from './tcaFormat';
import './tca.css';

/** After the last cell lets go, the subscription stays this long (scrolling, re-sorting, switching tabs). */
const LINGER_MS = 10_000;

/**
 * Live VWAP slippage by row id for another blotter's column (Parents, Routing):
 * one tca.stream subscription for the asked level, opened while any cell shows
 * it. Cells read their row's value through useSyncExternalStore.
 */
class SlippageStore {
  private values = new Map<string, number | null>();
  private listeners = new Set<() => void>();
  private sub: { unsubscribe: () => void } | null = null;
  private closing: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly level: 'children' | 'parents') {}

  get = (id: string | undefined): number | null | undefined => (id === undefined ? undefined : this.values.get(id));

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.closing) clearTimeout(this.closing);
    this.closing = undefined;
    this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && !this.closing)
        this.closing = setTimeout(() => {
          this.closing = undefined;
          if (this.listeners.size === 0) this.close();
        }, LINGER_MS);
    };
  };

  private open(): void {
    if (this.sub || typeof window === 'undefined') return;
    const level = this.level;
    this.sub = getDeskClient().tca.stream.subscribe(
      { levels: [level] },
      {
        onData: (msg) => {
          if (msg.kind === 'snapshot') this.values.clear();
          if (level === 'children') for (const r of msg.children) this.values.set(r.childId, r.slippageVsVwapBps);
          else for (const r of msg.parents) this.values.set(r.parentId, r.slippageVsVwapBps);
          for (const l of this.listeners) l();
        },
        onError: onStreamError('tca slippage'),
      },
    );
  }

  private close(): void {
    this.sub?.unsubscribe();
    this.sub = null;
    this.values.clear();
  }
}

const stores = { children: new SlippageStore('children'), parents: new SlippageStore('parents') };

function SlippageCell({ store, id }: { store: SlippageStore; id: string | undefined }) {
  const get = () => store.get(id);
  const v = useSyncExternalStore(store.subscribe, get, get);
  if (v === undefined || v === null) return <span className="tca-slip-cell flat" data-bps="" />;
  return (
    <span className={`tca-slip-cell ${slipTone(v)}`} data-bps={v.toFixed(2)}>
      {formatBps(v)}
    </span>
  );
}

/**
 * A "vs VWAP" column for a blotter of parents or children: the row's average
 * fill price against the market VWAP over its execution window, in bps, live
 * from tca.stream — green when better, red when worse, blank before a fill.
 */
export function vwapSlippageColumn<Row>(level: 'children' | 'parents', idOf: (row: Row) => string, width = 82): ColDef<Row> {
  const store = stores[level];
  return {
    colId: 'vwapSlip',
    headerName: 'vs VWAP',
    headerTooltip:
      level === 'parents'
        ? 'VWAP slippage, bps: the parent’s average fill against the market VWAP over its execution window; + better, − worse (live, from TCA)'
        : 'VWAP slippage, bps: the child’s average fill against the market VWAP while it was out; + better, − worse (live, from TCA)',
    width,
    valueGetter: (p) => (p.data ? (store.get(idOf(p.data)) ?? null) : null),
    cellRenderer: (p: ICellRendererParams<Row>) => <SlippageCell store={store} id={p.data ? idOf(p.data) : undefined} />,
    ...NUM,
  };
}
