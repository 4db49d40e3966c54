'use client';

import { useConnection } from './hooks';

/** A blotter's head while its feed is not live: reconnecting (updates paused) or stale (rows may be old). */
export function FeedWarning({ testId }: { testId: string }) {
  const conn = useConnection();
  if (conn.state === 'live') return null;
  return (
    <span className="blotter-warning" data-testid={testId}>
      {conn.state === 'stale' ? 'Feed stale — rows may be out of date' : 'Reconnecting — updates paused'}
    </span>
  );
}
