'use client';

import { useEffect } from 'react';
import type { ChildTcaRow, OrderTcaRow, ParentTcaRow, TcaLevel, TcaMessage, TcaSummary } from '@/server/trpc/tca';
import { getDeskClient } from '@/components/data/client';
import { RowFeed, type RowFeedStats } from '@/components/data/rowFeed';
import { onStreamError } from '@/components/data/useRowStream';

const plain = (_rows: unknown, base: RowFeedStats) => base;

/**
 * The client's copy of tca.stream: one row feed per level (a snapshot replaces
 * it, a delta upserts by id — grids and charts follow them as they follow the
 * other blotters) and the summary of the last message.
 */
export class TcaStore {
  readonly children = new RowFeed<ChildTcaRow>({ idOf: (r) => r.childId, measure: plain });
  readonly parents = new RowFeed<ParentTcaRow>({ idOf: (r) => r.parentId, measure: plain });
  readonly orders = new RowFeed<OrderTcaRow>({ idOf: (r) => r.orderId, measure: plain });
  private summary: TcaSummary | null = null;
  private listeners = new Set<() => void>();

  constructor(readonly levels: readonly TcaLevel[]) {}

  apply(msg: TcaMessage): void {
    for (const level of this.levels) this[level].apply({ kind: msg.kind, seq: msg.tick, rows: msg[level] as never[] });
    this.summary = msg.summary;
    for (const l of this.listeners) l();
  }

  subscribeSummary = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): TcaSummary | null => this.summary;
}

/** Keeps `store` fed by tca.stream (its levels) while the component is mounted; wsLink resubscribes after a reconnect and the server answers with a fresh snapshot. */
export function useTcaStream(store: TcaStore): void {
  useEffect(() => {
    const sub = getDeskClient().tca.stream.subscribe({ levels: [...store.levels] }, { onData: (msg) => store.apply(msg), onError: onStreamError('tca') });
    return () => sub.unsubscribe();
  }, [store]);
}
