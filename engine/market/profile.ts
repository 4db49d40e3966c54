/**
 * The trading day and its intraday volume profile.
 *
 * US equity volume by time of day is U-shaped — a "reverse J", heaviest in the
 * first half hour and the last (MARKET-FACTS.md, "Intraday volume"). We use a
 * quadratic in time-of-day with about 2.2× the midday rate at the open and 1.9×
 * at the close, normalised so its mean over the day is 1.
 */
export const SESSION_MS = 6.5 * 3600_000;
export const BUCKET_MS = 30 * 60_000;
export const BUCKETS = SESSION_MS / BUCKET_MS; // 13 half hours

const OPEN_BOOST = 1.2; // open rate = 1 + 1.2 = 2.2× midday
const CLOSE_BOOST = 0.9; // close rate = 1.9× midday
// Mean of 1 + b·x² over x ∈ [-1, 0] is 1 + b/3; average the two halves.
const MEAN = 1 + (OPEN_BOOST + CLOSE_BOOST) / 6;

/** Relative activity at `elapsed` ms into the session (mean 1 over the day). */
export function intradayRate(elapsedMs: number): number {
  const x = (2 * elapsedMs) / SESSION_MS - 1; // -1 at the open, +1 at the close
  const boost = x < 0 ? OPEN_BOOST : CLOSE_BOOST;
  return (1 + boost * x * x) / MEAN;
}

/** Expected share of the day's volume in each half-hour bucket (sums to 1): what VWAP schedules follow. */
export function expectedVolumeProfile(buckets = BUCKETS): number[] {
  const steps = 60;
  const out: number[] = [];
  const width = SESSION_MS / buckets;
  for (let b = 0; b < buckets; b++) {
    let sum = 0;
    for (let s = 0; s < steps; s++) sum += intradayRate(b * width + ((s + 0.5) * width) / steps);
    out.push(sum / steps / buckets);
  }
  const total = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / total);
}
