'use client';

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ParentRow } from '@/server/desk';
import { useConnection, useSessionUser } from '@/components/data/hooks';
import { useRowStream } from '@/components/data/useRowStream';
import { CrossingPanel } from './CrossingPanel';
import { ParentDetail } from './ParentDetail';
import { ParentFeed } from './parentFeed';
import { ParentsBlotter, type ParentFilter } from './ParentsBlotter';

const NO_ORDERS: ReadonlySet<string> = new Set();

/**
 * /parents: the parent orders blotter on top, fed by parents.stream; below it
 * the selected parent (why grouped, constituents) beside the internal crosses.
 */
export function ParentsWorkspace() {
  const me = useSessionUser();
  const conn = useConnection();
  const [feed] = useState(() => new ParentFeed());
  const [filter, setFilter] = useState<ParentFilter>('working');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectedOrders, setSelectedOrders] = useState<ReadonlySet<string>>(NO_ORDERS);

  useRowStream<ParentRow>(feed, 'parents', (c, h) => c.parents.stream.subscribe({}, h));

  // The selected parent's latest row: a new object on every change to it.
  const getSelected = useCallback(() => (selectedId ? feed.get(selectedId) : undefined), [feed, selectedId]);
  const selectedRow = useSyncExternalStore(feed.subscribeStats, getSelected, getSelected);
  const stats = useSyncExternalStore(feed.subscribeStats, feed.getStats, feed.getStats);

  const select = useCallback((id: string | null) => setSelectedId(id), []);
  useEffect(() => {
    if (!selectedId) setSelectedOrders(NO_ORDERS);
  }, [selectedId]);

  return (
    <div className="parents-page" data-testid="parents-page" data-conn={conn.state} data-ready={stats.seq === null ? 'false' : 'true'} data-selected={selectedId ?? ''}>
      <div className="pr-grid">
        <ParentsBlotter feed={feed} user={me.data} filter={filter} onFilter={setFilter} selectedId={selectedId} onSelect={select} />
        <ParentDetail parentId={selectedId} row={selectedRow} onOrders={setSelectedOrders} />
        <CrossingPanel feed={feed} highlight={selectedId ? selectedOrders : NO_ORDERS} />
      </div>
    </div>
  );
}
