'use client';

import { useConnection } from '@/components/data/hooks';
import { formatNyTime } from '@/components/data/format';
import { formatNyHm } from '@/components/market/marketFormat';

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
    </span>
  );
}

const MARKET_LABEL = { 'pre-open': 'PRE-OPEN', open: 'OPEN', halted: 'HALTED', closed: 'CLOSED' } as const;
const MARKET_TITLE = {
  'pre-open': 'Before the open: orders are taken and wait for the session',
  open: 'The session is open: strategies are working',
  halted: 'Halted: the desk kill switch is on, or no lit venue is open',
  closed: 'The session is over for the day',
} as const;

/** The simulated session at a glance: pre-open, open, halted or closed, and how fast engine time runs. */
export function MarketStatus() {
  const c = useConnection();
  const m = c.clock?.market;
  const state = m?.state ?? 'unknown';
  const hours = m ? ` · session ${formatNyHm(m.open)}–${formatNyHm(m.close)} NY` : '';
  const speed = c.clock ? `engine time runs ×${c.clock.speed} wall time` : '';
  return (
    <span
      className="market-status"
      data-testid="market-status"
      data-state={state}
      data-stale={c.state === 'stale' ? 'true' : 'false'}
      title={m ? `${MARKET_TITLE[m.state]}${hours} · ${speed}` : 'Waiting for the engine'}
    >
      <span className="market-dot" aria-hidden="true" />
      <span className="market-label">{m ? MARKET_LABEL[m.state] : c.clock ? 'NO MARKET' : '…'}</span>
      {c.clock ? (
        <span className="market-speed" data-testid="engine-speed" title={speed}>
          ×{c.clock.speed}
        </span>
      ) : null}
    </span>
  );
}
