'use client';

import { useEffect, useState } from 'react';
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
 * The detail page asks for the whole parent once a second; a change of course
 * (a supervisor's override or pause, a new point or strategy, completion) is
 * pushed instead: the live parents stream says when this parent's course changed,
 * and `refresh` fetches the detail at once, so the trader sees an override within
 * the stream's conflation (≈100 ms) plus one round trip rather than up to a second later.
 */
export function useCourseChanges(parentId: string, refresh: () => void): void {
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
}
