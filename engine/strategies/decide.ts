import type { Side } from '../orders/types';
import { type ChildRoute, type DarkVenue, type RouteRequest, type RouterScore, type RoutingLogic, type VenueQuote, route } from '../routing/router';
import { type ParentPlan, plannedFraction } from './plan';
import type { StrategyParameters } from './trilemma';

/**
 * One strategy decision for one parent: compare what is done with what the plan
 * wants by now, decide whether to catch up, slow down or carry on, and turn that
 * into child orders (through the router) and cancels. Pure: the executor feeds it
 * the parent's numbers and the venues' top of book, and journals what it returns.
 *
 * Sizing, per decision:
 *   planned(t)   = curve(t) × (done + open)         (POV: rate × volume printed since the start)
 *   behind       = planned(t) − done
 *   slice        = planned(t + interval) − max(done, planned(t)), capped at the participation cap
 *                  × the volume expected over the interval
 *   want         = slice + catchUp × max(0, behind) − in flight, in whole lots, ≤ max slice
 * Placement: the catch-up part goes aggressive; the rest is split passive / midpoint by
 * the parent's passivity. Resting children that fell off the touch are re-priced.
 * In the last stretch of the window a must-finish parent cleans up aggressively;
 * one that may leave a residual stops and pulls its children at the end.
 */
export interface WorkingChild {
  childId: string;
  venue: string;
  kind: 'limit' | 'ioc' | 'mid';
  logic?: RoutingLogic;
  filledQty: number;
  px: number;
  leaves: number;
  placedAt: number;
  cancelRequested: boolean;
}

export interface DecisionInput {
  now: number;
  plan: ParentPlan;
  params: StrategyParameters;
  /** plannedCurve(plan…): share done at each period boundary. */
  curve: readonly number[];
  side: Side;
  lot: number;
  tick: number;
  /** Shares done (market fills + internal crosses) and still open. */
  done: number;
  open: number;
  /** Leaves of every child not yet finished, cancel requested or not. */
  inFlight: number;
  /**
   * The tightest limit among open constituents (undefined: none has one). Children
   * never go beyond it, so every fill suits every constituent and allocation can
   * always place it.
   */
  limitPx?: number;
  /** POV: market volume printed since the window started. */
  volumeSinceStart: number;
  /** Market volume expected over the next interval (the participation cap applies to it). */
  expectedIntervalVolume: number;
  intervalMs: number;
  children: readonly WorkingChild[];
  /** Open lit venues' books and open dark pools: children anywhere else are pulled. */
  quotes: readonly VenueQuote[];
  dark: readonly DarkVenue[];
  /** How children are routed, and what the router knows about the venues. */
  logic: RoutingLogic;
  score: RouterScore;
  /** The action of the last recalibration, so only changes of course are reported. */
  lastAction?: Recalibration['action'];
}

export interface Recalibration {
  done: number;
  planned: number;
  behind: number;
  behindPct: number;
  action: 'catch-up' | 'slow-down' | 'on-plan' | 'clean-up' | 'stop';
  passivity: number;
  reason: string;
}

export interface Decision {
  recalibration?: Recalibration;
  /** `rotate`: a sequential remainder that goes on to the next venue once cancelled. */
  cancel: Array<{ childId: string; reason: string; rotate?: boolean }>;
  place: ChildRoute[];
}

/** How long before the end a must-finish parent starts cleaning up: a tenth of the window, at most 30 s. */
export function cleanUpLeadMs(plan: ParentPlan): number {
  return Math.min(30_000, (plan.endAt - plan.startAt) / 10);
}

/** How often a parent decides when nothing happens: 60 decisions a window, between 2 and 30 seconds apart. */
export function decisionIntervalMs(plan: ParentPlan): number {
  return Math.min(30_000, Math.max(2_000, (plan.endAt - plan.startAt) / 60));
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function decide(d: DecisionInput): Decision {
  const out: Decision = { cancel: [], place: [] };
  if (d.now < d.plan.startAt) return out;
  const total = d.done + d.open;
  const buy = d.side === 'buy';
  const finish = (d.plan.endOfWindow ?? d.params.endOfWindow) === 'finish';
  const report = (r: Omit<Recalibration, 'done' | 'planned' | 'behind' | 'behindPct'>, planned: number) => {
    if (r.action === d.lastAction) return;
    const behind = planned - d.done;
    out.recalibration = { done: d.done, planned: Math.round(planned), behind: Math.round(behind), behindPct: total > 0 ? (100 * behind) / total : 0, ...r };
  };
  const live = d.children.filter((c) => !c.cancelRequested);

  // The end of the window: finish aggressively, or stop and leave the residual.
  if (d.now >= d.plan.endAt - (finish ? cleanUpLeadMs(d.plan) : 0)) {
    if (!finish) {
      report({ action: 'stop', passivity: 0, reason: `window ended with ${fmt(d.open)} shares left; the plan leaves the residual` }, total);
      for (const c of live) out.cancel.push({ childId: c.childId, reason: 'window ended' });
      return out;
    }
    const far = farTouch(d.quotes, buy);
    const canTake = far !== undefined && (d.limitPx === undefined || (buy ? far <= d.limitPx : far >= d.limitPx));
    if (!canTake) {
      // Nothing to take within the limit: everything rests at the limit (or the touch) and waits.
      report({ action: 'clean-up', passivity: 1, reason: `${fmt(d.open)} shares left near the end of a must-finish window, but the far side is beyond the limit: resting` }, total);
      const free = d.open - d.inFlight;
      if (free > 0) out.place = route(routeRequest(d, free, 'passive', 1), d.quotes, d.dark, d.score);
      return out;
    }
    report({ action: 'clean-up', passivity: 0, reason: `${fmt(d.open)} shares left near the end of a must-finish window: crossing the spread` }, total);
    for (const c of live) if (c.kind !== 'ioc') out.cancel.push({ childId: c.childId, reason: 'clean-up: taking liquidity instead' });
    if (d.inFlight > 0) return out; // wait for the pulled children before sending more
    out.place = route({ ...routeRequest(d, d.open, 'aggressive', 0), sweepTicks: 5 }, d.quotes, d.dark, d.score);
    return out;
  }

  const pov = d.plan.strategy === 'pov';
  const rate = d.plan.povRate ?? d.params.participationCap;
  const planned = pov ? Math.min(total, Math.max(d.plan.povMin ?? 0, rate) * d.volumeSinceStart) : plannedFraction(d.curve, d.plan, d.now) * total;
  const plannedNext = pov ? Math.min(total, planned + rate * d.expectedIntervalVolume) : plannedFraction(d.curve, d.plan, d.now + d.intervalMs) * total;
  const behind = planned - d.done;
  const tolerance = Math.max(d.lot, 0.02 * total);
  // Liquidity seeking keeps dark orders resting beyond the schedule to find blocks: they
  // count as progress only when they fill (they still count against overfill).
  const seeking = d.logic === 'seeking';
  const opportunistic = seeking ? d.children.reduce((a, c) => a + (c.kind === 'mid' ? c.leaves : 0), 0) : 0;
  const scheduled = d.inFlight - opportunistic;
  const cap = (pov ? (d.plan.povMax ?? Math.max(rate, d.params.participationCap)) : d.params.participationCap) * d.expectedIntervalVolume;

  let action: Recalibration['action'];
  let passivity = d.params.passivity;
  let catchUp = 0;
  // Hysteresis: once catching up, keep at it until half the tolerance is left, so the course does not flap.
  if (behind > (d.lastAction === 'catch-up' ? tolerance / 2 : tolerance)) {
    action = 'catch-up';
    catchUp = Math.floor((d.params.catchUp * behind) / d.lot) * d.lot;
    passivity = d.params.passivity * (1 - d.params.catchUp);
    report({ action, passivity, reason: `behind plan by ${fmt(behind)} shares (${((100 * behind) / total).toFixed(1)} %): making up ${Math.round(d.params.catchUp * 100)} % of it now, aggressively` }, planned);
  } else if (d.done + scheduled > plannedNext + tolerance) {
    action = 'slow-down';
    report({ action, passivity, reason: `ahead of plan by ${fmt(d.done + scheduled - plannedNext)} shares with what is working: pausing new slices` }, planned);
  } else {
    action = 'on-plan';
    report({ action, passivity, reason: 'on plan' }, planned);
  }

  // Re-price, rotate or pull resting children.
  const quoteNear = nearTouch(d.quotes, buy);
  for (const c of live) {
    if (!openVenue(d, c.venue)) out.cancel.push({ childId: c.childId, reason: `${c.venue} is not open: re-routing once it confirms` });
    else if (action === 'slow-down' && c.kind !== 'ioc' && !(seeking && c.kind === 'mid')) out.cancel.push({ childId: c.childId, reason: 'ahead of plan' });
    else if (d.limitPx !== undefined && (buy ? c.px > d.limitPx : c.px < d.limitPx)) out.cancel.push({ childId: c.childId, reason: `re-pricing: a constituent's limit is now ${d.limitPx / 10_000}` });
    else if (c.kind === 'limit' && quoteNear !== undefined && (buy ? c.px < quoteNear : c.px > quoteNear) && (d.limitPx === undefined || (buy ? quoteNear <= d.limitPx : quoteNear >= d.limitPx)))
      out.cancel.push({ childId: c.childId, reason: `re-pricing: the touch moved to ${quoteNear / 10_000}` });
    else if (c.logic === 'sequential' && c.kind !== 'ioc' && c.filledQty === 0 && d.now - c.placedAt >= d.intervalMs)
      out.cancel.push({ childId: c.childId, reason: `sequential: no fill on ${c.venue} in ${Math.round(d.intervalMs / 1000)} s, trying the next venue`, rotate: true });
    else if (c.kind === 'mid' && d.now - c.placedAt >= 2 * d.intervalMs) out.cancel.push({ childId: c.childId, reason: 'no midpoint match: redeploying' });
  }
  if (action === 'slow-down') return out;

  const slice = Math.min(Math.max(0, plannedNext - Math.max(d.done, planned)), cap);
  let want = Math.floor((slice + catchUp - scheduled) / d.lot) * d.lot;
  const free = d.open - d.inFlight;
  want = Math.min(want, d.plan.maxSlice, free);
  if (want < d.plan.minSlice) {
    // The tail: less than a minimum slice left, and sending it all would not put us ahead.
    if (free > 0 && free < d.plan.minSlice && d.done + scheduled + free <= plannedNext + tolerance) want = free;
    else want = 0;
  }
  if (seeking) out.place.push(...darkReserve(d, free - want, opportunistic));
  if (want === 0) return out;
  const aggressive = Math.min(want, catchUp);
  const rest = want - aggressive;
  const passive = Math.round((rest * passivity) / d.lot) * d.lot;
  const parts: Array<[ChildRoute['placement'], number]> = [
    ['aggressive', aggressive],
    ['mid', rest - passive],
    ['passive', passive],
  ];
  // No child below the minimum slice: a small part joins the biggest one.
  for (const part of parts) {
    if (part[1] > 0 && part[1] < d.plan.minSlice) {
      const biggest = parts.reduce((a, b) => (b !== part && b[1] > a[1] ? b : a), parts.find((x) => x !== part)!);
      if (biggest[1] > 0) (biggest[1] += part[1]), (part[1] = 0);
    }
  }
  // Liquidity seeking places the patient parts (midpoint and posted) as one allocation.
  if (seeking) (parts[2][1] += parts[1][1]), (parts[1][1] = 0);
  const routes: ChildRoute[] = out.place;
  for (const [placement, qty] of parts) {
    if (qty <= 0) continue;
    for (const r of route(routeRequest(d, qty, placement, passivity), d.quotes, d.dark, d.score)) {
      // A part the router sent the same way as another (a midpoint slice too small for the pool rests as a limit) is one child.
      const same = routes.find((x) => x.venue === r.venue && x.kind === r.kind && x.px === r.px && x.minQty === r.minQty);
      if (same) same.qty += r.qty;
      else routes.push(r);
    }
  }
  return out;
}

const RESERVE_MIN_SLICES = 5;

/**
 * Liquidity seeking's standing dark reserve: besides the schedule's slices, up to a
 * maximum slice (never more than a quarter of what is free, and only when that is a block of
 * five minimum slices) rests in the dark pools with a minimum execution of a block — it
 * trades only with size, so a block met there fills at the midpoint without showing
 * anything on a lit book.
 */
function darkReserve(d: DecisionInput, free: number, resting: number): ChildRoute[] {
  const room = Math.floor(Math.min(d.plan.maxSlice, free / 4) / d.lot) * d.lot - resting;
  // A block is worth looking for only with a block to do: five minimum slices at least.
  const block = RESERVE_MIN_SLICES * d.plan.minSlice;
  if (room < block) return [];
  return route({ ...routeRequest(d, room, 'mid', 1), logic: 'parallel', minSlice: block }, d.quotes, d.dark, d.score).filter((r) => r.kind === 'mid');
}

/** The router's request for part of a decision's quantity. */
export function routeRequest(d: DecisionInput, qty: number, placement: ChildRoute['placement'], passivity: number): RouteRequest {
  return { side: d.side, qty, placement, logic: d.logic, limitPx: d.limitPx, lot: d.lot, tick: d.tick, minSlice: d.plan.minSlice, urgency: 1 - passivity };
}

function openVenue(d: DecisionInput, venue: string): boolean {
  return d.quotes.some((q) => q.venue === venue) || d.dark.some((x) => x.venue === venue);
}

function farTouch(quotes: readonly VenueQuote[], buy: boolean): number | undefined {
  let far: number | undefined;
  for (const q of quotes) {
    const f = buy ? q.ask : q.bid;
    if (f !== undefined && (far === undefined || (buy ? f < far : f > far))) far = f;
  }
  return far;
}

function nearTouch(quotes: readonly VenueQuote[], buy: boolean): number | undefined {
  let near: number | undefined;
  for (const q of quotes) {
    const n = buy ? q.bid : q.ask;
    if (n !== undefined && (near === undefined || (buy ? n > near : n < near))) near = n;
  }
  return near;
}
