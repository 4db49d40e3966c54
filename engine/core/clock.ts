/**
 * The engine's only source of time. Engine time is virtual: the scheduler moves
 * it forward, either as fast as possible (tests, CLI, backtests) or paced by a
 * real-time driver outside the engine (wall clock × speed factor, for the UI).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, in engine (virtual) time. */
  now(): number;
}

/** A clock that only moves when told to; never backwards. */
export class VirtualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  advanceTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}
