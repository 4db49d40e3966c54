'use client';

import { useConnection } from '@/components/data/hooks';
import { formatNyTime } from '@/components/data/format';

const LABEL = { live: 'LIVE', reconnecting: 'RECONNECTING', stale: 'STALE' } as const;

export function ConnectionBadge() {
  const c = useConnection();
  const title =
    c.state === 'live'
      ? 'Streaming: socket open, engine heartbeat current'
      : c.state === 'reconnecting'
        ? c.socketOpen
          ? 'Socket open, waiting for the engine heartbeat'
          : 'Connection lost: reconnecting'
        : `No engine heartbeat for over 5 s${c.lastBeatAt ? ` (last at ${new Date(c.lastBeatAt).toLocaleTimeString()})` : ''}: data on screen may be old`;
  return (
    <span className="conn-badge" data-testid="connection-badge" data-state={c.state} title={title} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden="true" />
      {LABEL[c.state]}
    </span>
  );
}

export function EngineClock() {
  const c = useConnection();
  return (
    <span className="engine-clock" data-testid="engine-clock" data-state={c.state} title="Engine time, New York">
      <span className="engine-clock-label">NY</span>
      <span className="engine-clock-time">{formatNyTime(c.clock?.engineTime)}</span>
      {c.clock && c.clock.speed !== 1 ? <span className="engine-clock-speed">×{c.clock.speed}</span> : null}
    </span>
  );
}
