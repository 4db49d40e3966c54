'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { getDeskClient } from '@/components/data/client';
import { goToLogin } from '@/components/data/DeskProviders';
import { MarketFeed, type FeedState } from './marketFeed';

/**
 * One MarketFeed per symbol, fed by market.watch over the desk's WebSocket.
 * Switching symbol drops the old subscription and starts a fresh feed, so no
 * message of one instrument can land in another's.
 */
export function useMarketFeed(symbol: string): { feed: MarketFeed; state: FeedState } {
  const feed = useMemo(() => new MarketFeed(symbol), [symbol]);

  useEffect(() => {
    const sub = getDeskClient().market.watch.subscribe(
      { symbol, levels: 10 },
      {
        onData: (msg) => feed.apply(msg),
        onError: (err) => {
          if (isTRPCClientError(err) && err.data?.code === 'UNAUTHORIZED') goToLogin();
          else feed.fail(err.message || 'market stream failed');
        },
      },
    );
    return () => sub.unsubscribe();
  }, [feed, symbol]);

  const state = useSyncExternalStore(feed.subscribe, feed.getState, feed.getState);
  return { feed, state };
}
