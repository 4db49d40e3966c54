/**
 * Connection health of the desk's live feed, as one small external store.
 *
 * - live:         the WebSocket is open and engine.clock beat within LIVE_MS;
 * - reconnecting: the socket is down (or up with the beat late) and tRPC's
 *                 wsClient is retrying — what is on screen may lag;
 * - stale:        no beat for more than STALE_MS, or the socket has been down
 *                 that long: the data on screen may be old.
 */
export type LinkState = 'live' | 'reconnecting' | 'stale';

export const LIVE_MS = 2_000;
export const STALE_MS = 5_000;

export interface EngineClock {
  /** Engine virtual time (epoch ms) of the last beat. */
  engineTime: number;
  seq: number;
  speed: number;
  /** The session (pre-open, open, halted, closed) and its hours; null for a desk without a market. */
  market?: { state: 'pre-open' | 'open' | 'halted' | 'closed'; open: number; close: number } | null;
}

export interface ConnectionSnapshot {
  state: LinkState;
  socketOpen: boolean;
  /** Wall time of the last beat, or null before the first. */
  lastBeatAt: number | null;
  clock: EngineClock | null;
  /** How many times the socket has come back after a loss. */
  reconnects: number;
}

export function linkState(
  now: number,
  s: { socketOpen: boolean; lastBeatAt: number | null; downSince: number },
): LinkState {
  // Before the first beat, count the quiet time from when we started waiting.
  const quietFor = now - (s.lastBeatAt ?? s.downSince);
  if (s.socketOpen && s.lastBeatAt !== null && quietFor <= LIVE_MS) return 'live';
  if (quietFor > STALE_MS || (!s.socketOpen && now - s.downSince > STALE_MS)) return 'stale';
  return 'reconnecting';
}

type Listener = () => void;

class ConnectionMonitor {
  private socketOpen = false;
  private everOpened = false;
  private downSince = Date.now();
  private lastBeatAt: number | null = null;
  private clock: EngineClock | null = null;
  private reconnects = 0;
  private snapshot: ConnectionSnapshot = {
    state: 'reconnecting',
    socketOpen: false,
    lastBeatAt: null,
    clock: null,
    reconnects: 0,
  };
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | undefined;

  socketOpened(): void {
    if (this.socketOpen) return;
    if (this.everOpened) this.reconnects++;
    this.everOpened = true;
    this.socketOpen = true;
    this.update();
  }

  socketClosed(): void {
    if (!this.socketOpen) return;
    this.socketOpen = false;
    this.downSince = Date.now();
    this.update();
  }

  beat(clock: EngineClock): void {
    this.lastBeatAt = Date.now();
    // A beat can only arrive over an open socket.
    if (!this.socketOpen) this.socketOpened();
    this.clock = clock;
    this.update();
  }

  private update(): void {
    const state = linkState(Date.now(), { socketOpen: this.socketOpen, lastBeatAt: this.lastBeatAt, downSince: this.downSince });
    const prev = this.snapshot;
    if (
      prev.state === state &&
      prev.socketOpen === this.socketOpen &&
      prev.clock === this.clock &&
      prev.reconnects === this.reconnects
    )
      return;
    this.snapshot = { state, socketOpen: this.socketOpen, lastBeatAt: this.lastBeatAt, clock: this.clock, reconnects: this.reconnects };
    for (const l of this.listeners) l();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    // Time alone moves a connection from live to reconnecting to stale.
    this.timer ??= setInterval(() => this.update(), 250);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  };

  getSnapshot = (): ConnectionSnapshot => this.snapshot;
}

export const connection = new ConnectionMonitor();

const SERVER_SNAPSHOT: ConnectionSnapshot = { state: 'reconnecting', socketOpen: false, lastBeatAt: null, clock: null, reconnects: 0 };
export const getServerConnectionSnapshot = () => SERVER_SNAPSHOT;
