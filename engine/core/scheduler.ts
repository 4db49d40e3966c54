import { VirtualClock } from './clock';

/**
 * Discrete-event scheduler: a time-ordered queue of callbacks on the engine's
 * virtual clock. Ties run in the order they were scheduled, so runs are
 * deterministic. It never looks at the wall clock; `runUntil` is driven either
 * by a test (as fast as possible) or by a RealTimeDriver (paced).
 */
export interface TimerHandle {
  readonly id: number;
  readonly at: number;
}

interface Entry {
  id: number;
  at: number;
  run: () => void;
}

export class Scheduler {
  private heap: Entry[] = [];
  private nextId = 1;
  private cancelled = new Set<number>();

  constructor(readonly clock: VirtualClock) {}

  at(at: number, run: () => void): TimerHandle {
    const entry = { id: this.nextId++, at: Math.max(at, this.clock.now()), run };
    this.push(entry);
    return { id: entry.id, at: entry.at };
  }

  after(delayMs: number, run: () => void): TimerHandle {
    return this.at(this.clock.now() + delayMs, run);
  }

  cancel(handle: TimerHandle): void {
    this.cancelled.add(handle.id);
  }

  /** Time of the next pending callback, or undefined when idle. */
  peek(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  get pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Runs every callback due at or before `t` in time order, then sets the clock to `t`. */
  runUntil(t: number): number {
    let ran = 0;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > t) break;
      this.pop();
      this.clock.advanceTo(top.at);
      top.run();
      ran++;
    }
    this.clock.advanceTo(t);
    return ran;
  }

  /** Runs until nothing is pending (or `limit` callbacks ran): the as-fast-as-possible mode. */
  runAll(limit = Number.MAX_SAFE_INTEGER): number {
    let ran = 0;
    for (let at = this.peek(); at !== undefined && ran < limit; at = this.peek()) {
      const top = this.pop();
      this.clock.advanceTo(top.at);
      top.run();
      ran++;
    }
    return ran;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.pop().id);
    }
  }

  private before(x: Entry, y: Entry): boolean {
    return x.at < y.at || (x.at === y.at && x.id < y.id);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Ports a real-time driver needs from its host (the server supplies Node's). */
export interface WallTimer {
  wallNow(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * Paces a scheduler against the wall clock: engine time = origin + (wall − wallStart) × speed.
 * Lives in the engine but touches real time only through the injected WallTimer.
 */
export class RealTimeDriver {
  private handle: unknown;
  private wallStart = 0;
  private origin = 0;

  constructor(
    private scheduler: Scheduler,
    private wall: WallTimer,
    readonly speed: number,
    private tickMs = 50,
  ) {}

  start(): void {
    this.wallStart = this.wall.wallNow();
    this.origin = this.scheduler.clock.now();
    const tick = () => {
      this.scheduler.runUntil(this.engineTimeNow());
      this.handle = this.wall.setTimer(tick, this.tickMs);
    };
    tick();
  }

  stop(): void {
    if (this.handle !== undefined) this.wall.clearTimer(this.handle);
    this.handle = undefined;
  }

  /** Where engine time should be right now; commands stamp with this so time never lags the wall. */
  engineTimeNow(): number {
    return this.origin + (this.wall.wallNow() - this.wallStart) * this.speed;
  }
}
