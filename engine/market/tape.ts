/**
 * One name's tape, kept for transaction cost analysis: every print as running
 * totals (so the VWAP of any window is two binary searches and a division) and the
 * NBBO midpoint sampled each second (the TWAP of any window the same way). Times
 * are engine ms; prices price units.
 */
export class Tape {
  private printTs = new Float64Array(1024);
  private cumQty = new Float64Array(1024);
  private cumValue = new Float64Array(1024);
  private prints = 0;
  private midTs = new Float64Array(1024);
  private cumMid = new Float64Array(1024);
  private lastMid = new Float64Array(1024);
  private mids = 0;

  print(ts: number, px: number, qty: number): void {
    if (this.prints === this.printTs.length) [this.printTs, this.cumQty, this.cumValue] = [grow(this.printTs), grow(this.cumQty), grow(this.cumValue)];
    const i = this.prints++;
    this.printTs[i] = ts;
    this.cumQty[i] = (i ? this.cumQty[i - 1] : 0) + qty;
    this.cumValue[i] = (i ? this.cumValue[i - 1] : 0) + qty * px;
  }

  mid(ts: number, mid: number): void {
    if (this.mids === this.midTs.length) [this.midTs, this.cumMid, this.lastMid] = [grow(this.midTs), grow(this.cumMid), grow(this.lastMid)];
    const i = this.mids++;
    this.midTs[i] = ts;
    this.cumMid[i] = (i ? this.cumMid[i - 1] : 0) + mid;
    this.lastMid[i] = mid;
  }

  /** Volume-weighted price of the prints in (t0, t1], or undefined when none printed. */
  vwap(t0: number, t1: number): number | undefined {
    const a = upTo(this.printTs, this.prints, t0);
    const b = upTo(this.printTs, this.prints, t1);
    const qty = (b >= 0 ? this.cumQty[b] : 0) - (a >= 0 ? this.cumQty[a] : 0);
    if (qty <= 0) return undefined;
    return ((b >= 0 ? this.cumValue[b] : 0) - (a >= 0 ? this.cumValue[a] : 0)) / qty;
  }

  /** Shares printed in (t0, t1]. */
  volume(t0: number, t1: number): number {
    const a = upTo(this.printTs, this.prints, t0);
    const b = upTo(this.printTs, this.prints, t1);
    return (b >= 0 ? this.cumQty[b] : 0) - (a >= 0 ? this.cumQty[a] : 0);
  }

  /** Mean of the midpoint samples in (t0, t1]; with none inside, the last one before t1. */
  twap(t0: number, t1: number): number | undefined {
    const a = upTo(this.midTs, this.mids, t0);
    const b = upTo(this.midTs, this.mids, t1);
    if (b > a) return (this.cumMid[b] - (a >= 0 ? this.cumMid[a] : 0)) / (b - a);
    return b >= 0 ? this.lastMid[b] : undefined;
  }

  /** Price of the last print at or before t: the close, asked at the close. */
  lastPx(t: number): number | undefined {
    const i = upTo(this.printTs, this.prints, t);
    if (i < 0) return undefined;
    // Prints are kept as running totals; one print is the difference of two.
    const value = this.cumValue[i] - (i ? this.cumValue[i - 1] : 0);
    const qty = this.cumQty[i] - (i ? this.cumQty[i - 1] : 0);
    return value / qty;
  }

  /** The last midpoint sample at or before t. */
  midAt(t: number): number | undefined {
    const i = upTo(this.midTs, this.mids, t);
    return i >= 0 ? this.lastMid[i] : undefined;
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Index of the last entry with time ≤ t, or −1. */
function upTo(ts: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (ts[m] <= t) (found = m), (lo = m + 1);
    else hi = m - 1;
  }
  return found;
}
