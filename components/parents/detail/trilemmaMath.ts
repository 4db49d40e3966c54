import { URGENCY_PRESETS, type TrilemmaPoint } from '@/engine/strategies/trilemma';

/**
 * The trilemma control works in whole percent: three integers summing to 100.
 * The engine takes weights summing to 1; `toPoint` and `fromPoint` convert.
 */
export interface Weights {
  impact: number;
  risk: number;
  completion: number;
}

export const KEYS = ['impact', 'risk', 'completion'] as const;
export type WeightKey = (typeof KEYS)[number];

export const LABELS: Record<WeightKey, string> = { impact: 'Market impact', risk: 'Market risk', completion: 'Completion certainty' };
export const SHORT: Record<WeightKey, string> = { impact: 'Impact', risk: 'Risk', completion: 'Completion' };

export type UrgencyName = keyof typeof URGENCY_PRESETS;
export const URGENCIES = Object.keys(URGENCY_PRESETS) as UrgencyName[];
export const URGENCY_LABEL: Record<UrgencyName, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** Rounds non-negative shares to whole percent summing to exactly 100 (largest remainder). */
export function roundWeights(p: { impact: number; risk: number; completion: number }): Weights {
  const raw = KEYS.map((k) => Math.max(0, Number.isFinite(p[k]) ? p[k] : 0));
  const sum = raw.reduce((a, b) => a + b, 0);
  const scaled = sum > 0 ? raw.map((x) => (100 * x) / sum) : [34, 33, 33];
  const floor = scaled.map(Math.floor);
  let left = 100 - floor.reduce((a, b) => a + b, 0);
  const order = scaled.map((x, i) => ({ i, r: x - floor[i] })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floor[i]++;
    left--;
  }
  return { impact: floor[0], risk: floor[1], completion: floor[2] };
}

export const fromPoint = (p: TrilemmaPoint): Weights => roundWeights(p);

/** Weights for the engine: the third is 1 minus the other two, so the sum is 1 to the last bit the engine checks. */
export function toPoint(w: Weights): TrilemmaPoint {
  const impact = w.impact / 100;
  const risk = w.risk / 100;
  return { impact, risk, completion: Math.max(0, 1 - impact - risk) };
}

export const sameWeights = (a: Weights | null | undefined, b: Weights | null | undefined) =>
  !!a && !!b && a.impact === b.impact && a.risk === b.risk && a.completion === b.completion;

/** The urgency preset these weights are, if any. */
export function presetOf(w: Weights | null | undefined): UrgencyName | undefined {
  if (!w) return undefined;
  return URGENCIES.find((u) => sameWeights(fromPoint(URGENCY_PRESETS[u]), w));
}

/**
 * Sets one weight and shares what is left between the other two in their
 * current proportion (evenly when both are zero).
 */
export function setWeight(w: Weights, key: WeightKey, value: number): Weights {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  const [a, b] = KEYS.filter((k) => k !== key);
  const rest = 100 - v;
  const total = w[a] + w[b];
  const wa = total > 0 ? Math.round((rest * w[a]) / total) : Math.floor(rest / 2);
  return { ...w, [key]: v, [a]: wa, [b]: rest - wa } as Weights;
}

/**
 * Arrow keys: up and down move toward or away from the Market impact corner
 * (the other two give or take evenly), left and right slide between Market
 * risk and Completion certainty. Never leaves the triangle.
 */
export function nudge(w: Weights, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight', step: number): Weights {
  const out = { ...w };
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const [to, from] = key === 'ArrowLeft' ? (['risk', 'completion'] as const) : (['completion', 'risk'] as const);
    const d = Math.min(step, out[from]);
    out[to] += d;
    out[from] -= d;
    return out;
  }
  if (key === 'ArrowUp') {
    let d = Math.min(step, out.risk + out.completion);
    // Take half from each, the rest from whichever still has some.
    let fromRisk = Math.min(out.risk, Math.ceil(d / 2));
    let fromCompletion = Math.min(out.completion, d - fromRisk);
    fromRisk = Math.min(out.risk, d - fromCompletion);
    d = fromRisk + fromCompletion;
    out.impact += d;
    out.risk -= fromRisk;
    out.completion -= fromCompletion;
    return out;
  }
  const d = Math.min(step, out.impact);
  const toRisk = Math.floor(d / 2);
  out.impact -= d;
  out.risk += toRisk;
  out.completion += d - toRisk;
  return out;
}

/* ---------- geometry: the triangle in SVG coordinates ---------- */

export interface Pt {
  x: number;
  y: number;
}

/** Corners: Market impact on top, Market risk bottom left, Completion certainty bottom right. */
export function corners(cx: number, top: number, side: number): Record<WeightKey, Pt> {
  const h = (side * Math.sqrt(3)) / 2;
  return {
    impact: { x: cx, y: top },
    risk: { x: cx - side / 2, y: top + h },
    completion: { x: cx + side / 2, y: top + h },
  };
}

export function toXY(w: { impact: number; risk: number; completion: number }, c: Record<WeightKey, Pt>): Pt {
  const s = w.impact + w.risk + w.completion || 1;
  return {
    x: (w.impact * c.impact.x + w.risk * c.risk.x + w.completion * c.completion.x) / s,
    y: (w.impact * c.impact.y + w.risk * c.risk.y + w.completion * c.completion.y) / s,
  };
}

function barycentric(p: Pt, c: Record<WeightKey, Pt>): { impact: number; risk: number; completion: number } {
  const { impact: a, risk: b, completion: d } = c;
  const det = (b.y - d.y) * (a.x - d.x) + (d.x - b.x) * (a.y - d.y);
  const impact = ((b.y - d.y) * (p.x - d.x) + (d.x - b.x) * (p.y - d.y)) / det;
  const risk = ((d.y - a.y) * (p.x - d.x) + (a.x - d.x) * (p.y - d.y)) / det;
  return { impact, risk, completion: 1 - impact - risk };
}

function closestOnSegment(p: Pt, a: Pt, b: Pt): Pt {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return { x: a.x + t * dx, y: a.y + t * dy };
}

/** The weights of the point of the triangle nearest to p (p itself when inside). */
export function fromXY(p: Pt, c: Record<WeightKey, Pt>): Weights {
  const w = barycentric(p, c);
  if (w.impact >= 0 && w.risk >= 0 && w.completion >= 0) return roundWeights(w);
  const edges: Array<[Pt, Pt]> = [
    [c.impact, c.risk],
    [c.risk, c.completion],
    [c.completion, c.impact],
  ];
  let best = c.impact;
  let bestD = Infinity;
  for (const [a, b] of edges) {
    const q = closestOnSegment(p, a, b);
    const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = q;
    }
  }
  return roundWeights(barycentric(best, c));
}
