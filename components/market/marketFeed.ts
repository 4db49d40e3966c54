import type { BarRow, MarketMessage, MarketView, PrintRow } from '@/server/trpc/market';

/** One print as the tape shows it: the server's row plus a client id for the grid. */
export interface TapeRow extends PrintRow {
  id: number;
}

export interface SessionHours {
  open: number;
  close: number;
}

export type BarChange = { kind: 'reset'; bars: BarRow[]; session: SessionHours | null } | { kind: 'upsert'; bars: BarRow[] };
export type TapeChange = { kind: 'reset'; rows: TapeRow[] } | { kind: 'add'; rows: TapeRow[]; removed: TapeRow[] };

/** The tape keeps this many prints, newest first. */
export const TAPE_CAP = 400;

export interface FeedState {
  symbol: string;
  /** The latest sampled view: quotes, depth, venues, stats; null before the first snapshot. */
  view: MarketView | null;
  /** Expected share of daily volume per half hour (from the snapshot). */
  profile: number[];
  /** Volume traded per half hour so far, from the one-minute bars. */
  halfHourVolume: number[];
  /** Prints received since the snapshot (including the snapshot's). */
  printCount: number;
  error: string | null;
}

const HALF_HOUR = 30 * 60_000;

/**
 * The client's copy of one instrument's market.watch stream. React reads the
 * small state (quotes, depth, stats) through useSyncExternalStore; the chart
 * and the tape listen to bar and print changes and update in place.
 */
export class MarketFeed {
  private bars = new Map<number, BarRow>();
  private tape: TapeRow[] = [];
  private nextId = 1;
  private state: FeedState;
  private listeners = new Set<() => void>();
  private barListeners = new Set<(c: BarChange) => void>();
  private tapeListeners = new Set<(c: TapeChange) => void>();

  constructor(readonly symbol: string) {
    this.state = { symbol, view: null, profile: [], halfHourVolume: [], printCount: 0, error: null };
  }

  apply(msg: MarketMessage): void {
    const { kind: _kind, bars, prints, ...view } = msg;
    const snapshot = msg.kind === 'snapshot';
    if (snapshot) {
      this.bars = new Map(bars.map((b) => [b.t, b]));
      const rows = this.toTape(prints).reverse().slice(0, TAPE_CAP);
      this.tape = rows;
      const session = { open: msg.session.open, close: msg.session.close };
      for (const l of this.barListeners) l({ kind: 'reset', bars: this.allBars(), session });
      for (const l of this.tapeListeners) l({ kind: 'reset', rows });
    } else {
      if (bars.length) {
        for (const b of bars) this.bars.set(b.t, b);
        for (const l of this.barListeners) l({ kind: 'upsert', bars });
      }
      if (prints.length) {
        const fresh = this.toTape(prints).reverse();
        const next = [...fresh, ...this.tape];
        const removed = next.length > TAPE_CAP ? next.slice(TAPE_CAP) : [];
        this.tape = removed.length ? next.slice(0, TAPE_CAP) : next;
        for (const l of this.tapeListeners) l({ kind: 'add', rows: fresh, removed });
      }
    }
    const profile = 'profile' in msg ? msg.profile : this.state.profile;
    const halfHourVolume = snapshot || bars.length ? this.halfHours(view.session.open) : this.state.halfHourVolume;
    this.state = {
      symbol: this.symbol,
      view: view as MarketView,
      profile,
      halfHourVolume,
      printCount: (snapshot ? 0 : this.state.printCount) + prints.length,
      error: null,
    };
    this.emit();
  }

  fail(message: string): void {
    this.state = { ...this.state, error: message };
    this.emit();
  }

  allBars(): BarRow[] {
    return [...this.bars.values()].sort((a, b) => a.t - b.t);
  }

  session(): SessionHours | null {
    const v = this.state.view;
    return v ? { open: v.session.open, close: v.session.close } : null;
  }

  tapeRows(): TapeRow[] {
    return this.tape;
  }

  private toTape(prints: PrintRow[]): TapeRow[] {
    return prints.map((p) => ({ ...p, id: this.nextId++ }));
  }

  private halfHours(open: number): number[] {
    const out = new Array<number>(13).fill(0);
    for (const b of this.bars.values()) {
      const i = Math.floor((b.t - open) / HALF_HOUR);
      if (i >= 0 && i < out.length) out[i] += b.volume;
    }
    return out;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): FeedState => this.state;

  onBars(listener: (c: BarChange) => void): () => void {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  onTape(listener: (c: TapeChange) => void): () => void {
    this.tapeListeners.add(listener);
    return () => this.tapeListeners.delete(listener);
  }
}
