'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect } from 'react';
import { getDeskClient, type DeskClient } from './client';
import { goToLogin } from './DeskProviders';
import type { RowFeed, RowFeedStats, RowMessage } from './rowFeed';

export interface RowStreamHandlers<Row> {
  onData: (msg: { data: RowMessage<Row> }) => void;
  onError: (err: unknown) => void;
}

/** A stream's failure: signed out goes to the login page; anything else is logged (wsLink retries). */
export function onStreamError(kind: string) {
  return (err: unknown) => {
    if (isTRPCClientError(err) && err.data?.code === 'UNAUTHORIZED') goToLogin();
    else console.error(`${kind} stream failed`, err);
  };
}

/**
 * Keeps `feed` fed by a row stream subscription for the component's lifetime.
 * wsLink remembers the last tracked id and resumes from it after a reconnect.
 * `open` names the subscription: `(c, h) => c.parents.stream.subscribe({}, h)`.
 */
export function useRowStream<Row>(
  feed: RowFeed<Row, RowFeedStats>,
  kind: string,
  open: (client: DeskClient, handlers: RowStreamHandlers<Row>) => { unsubscribe: () => void },
): void {
  useEffect(() => {
    const sub = open(getDeskClient(), { onData: (msg) => feed.apply(msg.data), onError: onStreamError(kind) });
    return () => sub.unsubscribe();
    // `open` names a procedure; it does not change while mounted.
  }, [feed, kind]);
}
