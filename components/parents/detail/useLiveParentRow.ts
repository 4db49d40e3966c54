'use client';

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ParentRow } from '@/server/desk';
import { useRowStream } from '@/components/data/useRowStream';
import { ParentFeed } from '../parentFeed';

/** What a person on the page must see at once when it changes: who steers the parent, and whether it still works. */
function courseOf(r: ParentRow): string {
  const o = r.override;
  const p = r.point;
  return [
    r.status,
    r.strategy,
    r.startAt,
    r.endAt,
    p ? `${p.impact}/${p.risk}/${p.completion}` : '',
    o ? `${o.scope}:${o.target}:${o.by}:${o.reason}` : '',
    r.paused ? `${r.paused.by}:${r.paused.reason}` : '',
    r.routing ? `${r.routing.logic}:${r.routing.chosenBy}` : '',
  ].join('|');
}

/**
 * The detail page asks for the whole parent once a second; its row (status,
 * override, pause, point, progress) comes live instead, from the parents stream,
 * so a supervisor's override shows within the stream's conflation (≈100 ms), not
 * up to a second later. When the parent's course changes (override, pause, point,
 * strategy, window, completion), `refresh` fetches the rest of the detail at once:
 * the plan and its schedule follow. Returns the latest streamed row, if any.
 */
export function useLiveParentRow(parentId: string, refresh: () => void): ParentRow | undefined {
  const [feed] = useState(() => new ParentFeed());
  useRowStream<ParentRow>(feed, 'parents', (c, h) => c.parents.stream.subscribe({}, h));
  useEffect(() => {
    let last: string | undefined;
    return feed.onChange(() => {
      const row = feed.get(parentId);
      if (!row) return;
      const course = courseOf(row);
      if (last !== undefined && course !== last) refresh();
      last = course;
    });
  }, [feed, parentId, refresh]);
  const get = useCallback(() => feed.get(parentId), [feed, parentId]);
  return useSyncExternalStore(feed.subscribeStats, get, get);
}

/** The newer of the polled and the streamed row of a parent. */
export function newerRow(polled: ParentRow | undefined, live: ParentRow | undefined): ParentRow | undefined {
  if (!polled || !live) return polled ?? live;
  return live.updatedAt >= polled.updatedAt ? live : polled;
}
