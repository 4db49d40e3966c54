import type { ChildRow } from '@/server/desk';
import { RowFeed, type RowFeedStats } from '@/components/data/rowFeed';

export interface ChildStats extends RowFeedStats {
  working: number;
  finished: number;
}

export const childIsWorking = (r: ChildRow) => r.status === 'pending' || r.status === 'live';

/** Finished children the browser keeps (oldest go first); working ones always stay. */
export const FINISHED_KEPT = 5_000;

/**
 * The client's copy of routing.children: every working child and the recently
 * finished ones, upserted by childId. A long day's finished children are let go
 * oldest first, so the blotter stays fast.
 */
export class ChildFeed extends RowFeed<ChildRow, ChildStats> {
  constructor() {
    super({
      idOf: (r) => r.childId,
      measure: (rows, base) => {
        let working = 0;
        for (const r of rows) if (childIsWorking(r)) working++;
        return { ...base, working, finished: base.total - working };
      },
      cap: { limit: FINISHED_KEPT, evictable: (r) => !childIsWorking(r) },
    });
  }
}
