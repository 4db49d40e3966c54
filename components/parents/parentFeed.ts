import type { ParentRow } from '@/server/desk';
import { RowFeed, type RowChange, type RowFeedStats, type RowMessage } from '@/components/data/rowFeed';

export type ParentStreamMessage = RowMessage<ParentRow>;

/** What changed in one message, in the shape ag-grid transactions want. */
export type ParentChange = RowChange<ParentRow>;

export interface ParentStats extends RowFeedStats {
  working: number;
  completed: number;
}

/**
 * The client's copy of the parents.stream subscription, the way OrderFeed
 * keeps orders.stream: a snapshot replaces everything, a delta upserts by
 * parentId. The grid listens to changes; headers and the detail panel read
 * the stats and single rows through useSyncExternalStore.
 */
export class ParentFeed extends RowFeed<ParentRow, ParentStats> {
  constructor() {
    super({
      idOf: (r) => r.parentId,
      measure: (rows, base) => {
        let working = 0;
        for (const r of rows) if (r.status === 'working') working++;
        return { ...base, working, completed: base.total - working };
      },
    });
  }
}
