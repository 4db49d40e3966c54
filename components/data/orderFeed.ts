import type { OrderRow } from '@/server/desk';
import { RowFeed, type RowChange, type RowFeedStats, type RowMessage } from './rowFeed';

export type StreamMessage = RowMessage<OrderRow>;

/** What changed in one message, in the shape ag-grid transactions want. */
export type FeedChange = RowChange<OrderRow>;

export interface FeedStats extends RowFeedStats {
  working: number;
}

/**
 * The client's copy of the orders.stream subscription: a snapshot replaces
 * everything, a delta upserts by orderId. The blotter grid listens to the
 * changes; headers read the stats.
 */
export class OrderFeed extends RowFeed<OrderRow, FeedStats> {
  constructor() {
    super({
      idOf: (r) => r.orderId,
      measure: (rows, base) => {
        let working = 0;
        for (const r of rows) if (r.status === 'new') working++;
        return { ...base, working };
      },
    });
  }
}
