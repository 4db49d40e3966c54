'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { ChildRow, ParentRow } from '@/server/desk';
import { useConnection, useSessionUser } from '@/components/data/hooks';
import { useRowStream } from '@/components/data/useRowStream';
import { ParentFeed } from '@/components/parents/parentFeed';
import { ChildFeed } from './childFeed';
import { RoutingBlotter, type BlotterFilter } from './RoutingBlotter';
import { VenueMap } from './VenueMap';
import './routing.css';

/**
 * /routing: the smart order router at work. On top the live child-order
 * blotter (routing.children); below it the venue map of one parent — picked
 * in the blotter's parent filter, by a click on one of its children, or by
 * ?parent= — with its routing logic and what chose it.
 */
export function RoutingWorkspace() {
  const me = useSessionUser();
  const conn = useConnection();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [children] = useState(() => new ChildFeed());
  const [parentFeed] = useState(() => new ParentFeed());
  useRowStream<ChildRow>(children, 'children', (c, h) => c.routing.children.subscribe({}, h));
  useRowStream<ParentRow>(parentFeed, 'parents', (c, h) => c.parents.stream.subscribe({}, h));

  const linked = params.get('parent');
  const [filter, setFilter] = useState<BlotterFilter>(() => ({ parentId: linked, show: 'all' }));
  const [mapped, setMapped] = useState<string | null>(linked);
  const [selectedChild, setSelectedChild] = useState<string | null>(null);

  const pStats = useSyncExternalStore(parentFeed.subscribeStats, parentFeed.getStats, parentFeed.getStats);
  const cStats = useSyncExternalStore(children.subscribeStats, children.getStats, children.getStats);
  const parents = useMemo(() => {
    void pStats.version;
    return parentFeed.all().sort((a, b) => (a.status === b.status ? b.createdAt - a.createdAt : a.status === 'working' ? -1 : 1));
  }, [parentFeed, pStats.version]);
  const getMapped = useCallback(() => (mapped ? parentFeed.get(mapped) : undefined), [parentFeed, mapped]);
  const mappedRow = useSyncExternalStore(parentFeed.subscribeStats, getMapped, getMapped);

  const remember = useCallback(
    (parentId: string | null) => router.replace(parentId ? `${pathname}?parent=${encodeURIComponent(parentId)}` : pathname, { scroll: false }),
    [router, pathname],
  );
  const onFilter = useCallback(
    (f: BlotterFilter) => {
      setFilter(f);
      // Picking a parent maps it too.
      if (f.parentId && f.parentId !== mapped) {
        setMapped(f.parentId);
        remember(f.parentId);
      }
    },
    [mapped, remember],
  );
  const onSelect = useCallback(
    (row: ChildRow) => {
      setSelectedChild(row.childId);
      if (row.parentId !== mapped) {
        setMapped(row.parentId);
        remember(row.parentId);
      }
    },
    [mapped, remember],
  );

  return (
    <div
      className="routing-page"
      data-testid="routing-page"
      data-conn={conn.state}
      data-ready={cStats.seq === null ? 'false' : 'true'}
      data-mapped={mapped ?? ''}
    >
      <RoutingBlotter
        feed={children}
        parents={parents}
        user={me.data}
        filter={filter}
        onFilter={onFilter}
        mapped={mapped}
        selectedChild={selectedChild}
        onSelect={onSelect}
      />
      <VenueMap parentId={mapped} parent={mappedRow} feed={children} />
    </div>
  );
}
