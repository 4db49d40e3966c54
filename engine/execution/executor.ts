import type { Parent, Parents } from '../aggregation/parents';
import { allocateFill } from '../aggregation/allocation';
import type { Scheduler, TimerHandle } from '../core/scheduler';
import type { EngineEvent, EventBody, OverrideScope } from '../events';

type ScheduleRecalibrated = Extract<EngineEvent, { type: 'ScheduleRecalibrated' }>;
import type { Instrument } from '../instruments';
import type { SimMarket, VenueReport } from '../market/market';
import { SmallOrders } from '../orders/smallOrders';
import { type ChildRoute, type DarkVenue, type RoutingLogic, route } from '../routing/router';
import { VenueScorecard } from '../routing/scorecard';
import { type Decision, type DecisionInput, decide, decisionIntervalMs, routeRequest } from '../strategies/decide';
import { type ParentPlan, plannedCurve, plannedFraction } from '../strategies/plan';
import { expectedVolume } from '../strategies/schedules';
import { type StrategyParameters, type TrilemmaPoint, URGENCY_PRESETS, parametersFor } from '../strategies/trilemma';
import type { Child, Children } from './children';

/** Book levels per venue the router sees (a sweep takes everything within its cap). */
const SWEEP_LEVELS = 5;

/** Shortest time between two decisions of one parent woken by events (timers are slower anyway). */
const WAKE_GAP_MS = 100;

/** What the executor needs from the engine: its state owners, its market, and the one way to change anything. */
export interface ExecutionHost {
  readonly scheduler: Scheduler;
  readonly market: SimMarket;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly orders: SmallOrders;
  readonly parents: Parents;
  readonly children: Children;
  commit(bodies: EventBody[]): EngineEvent[];
  /** Lands the cancels and amends that waited for the parent's children to come back. */
  settlePending(parentId: string): void;
}

export interface OverrideState {
  scope: OverrideScope;
  target: string;
  point: TrilemmaPoint;
  by: string;
  reason: string;
  ts: number;
}

/** Per-parent working state: its plan, the trader's point, the curve, and the decision timer. */
interface Work {
  plan: ParentPlan;
  /** The trader's own point (or the urgency preset). */
  point: TrilemmaPoint;
  curve: number[];
  curveKT: number;
  paused: boolean;
  pausedBy?: { by: string; reason: string };
  timer?: TimerHandle;
  queued: boolean;
  lastDecisionAt: number;
  volumeAtStart?: number;
  /** Shares done when the window started (or the plan changed): the plan covers the rest. */
  doneAtStart?: number;
  last?: ScheduleRecalibrated;
  /** The parent's market fills in time order (for the schedule-vs-actual chart), and its recent changes of course. */
  fills: Array<{ ts: number; qty: number; px: number }>;
  recalibrations: ScheduleRecalibrated[];
}

export interface EffectivePoint {
  point: TrilemmaPoint;
  params: StrategyParameters;
  /** The supervisor's override in force, if any. */
  override?: OverrideState;
}

/**
 * Works every parent: keeps its plan and trilemma point, wakes it on a timer and
 * after each of its children's reports, asks the strategy (decide.ts) what to do,
 * and journals the answer. Turns venue reports into child events and allocates
 * each fill to the parent's small orders. Owns plans, trader points, overrides
 * and pauses; its state changes only in `apply`, called by the engine for every
 * event, so replay rebuilds it.
 */
export class Executor {
  private readonly work = new Map<string, Work>();
  private readonly overrides = new Map<string, OverrideState>();
  private readonly dark: DarkVenue[];
  /** What our children taught us about each venue; the router reads it. */
  readonly scorecard: VenueScorecard;

  constructor(private readonly host: ExecutionHost) {
    const configs = [...host.market.venues.values()].map((v) => v.config);
    this.dark = configs.filter((v) => v.kind === 'dark').map((v) => ({ venue: v.id, minQty: v.minQty ?? 0, fee: v.takeFee }));
    this.scorecard = new VenueScorecard(configs, { at: (t, run) => void host.scheduler.at(t, run), mid: (symbol) => host.market.mid(symbol) });
    host.market.onReport((r) => this.onReport(r));
    host.market.onStatus((venue, status) => this.onVenueStatus(venue, status));
  }

  /** The parent's routing logic: the plan's choice, or the one its effective trilemma point gives. */
  routingOf(parentId: string): { logic: RoutingLogic; chosenBy: 'plan' | 'trilemma' } | undefined {
    const p = this.host.parents.get(parentId);
    const w = this.work.get(parentId);
    if (!p || !w) return undefined;
    return w.plan.routing ? { logic: w.plan.routing, chosenBy: 'plan' } : { logic: this.effective(p)!.params.routing, chosenBy: 'trilemma' };
  }

  plan(parentId: string): ParentPlan | undefined {
    return this.work.get(parentId)?.plan;
  }

  paused(parentId: string): { by: string; reason: string } | undefined {
    const w = this.work.get(parentId);
    return w?.paused ? w.pausedBy : undefined;
  }

  traderPoint(parentId: string): TrilemmaPoint | undefined {
    return this.work.get(parentId)?.point;
  }

  lastRecalibration(parentId: string): ScheduleRecalibrated | undefined {
    return this.work.get(parentId)?.last;
  }

  /** Market fills of the parent, oldest first. */
  fills(parentId: string): ReadonlyArray<{ ts: number; qty: number; px: number }> {
    return this.work.get(parentId)?.fills ?? [];
  }

  /** Recent recalibrations of the parent, oldest first. */
  recalibrations(parentId: string): readonly ScheduleRecalibrated[] {
    return this.work.get(parentId)?.recalibrations ?? [];
  }

  override(scope: OverrideScope, target: string): OverrideState | undefined {
    return this.overrides.get(`${scope}|${target}`);
  }

  allOverrides(): OverrideState[] {
    return [...this.overrides.values()];
  }

  /** The point that drives the parent: parent override, then a trader's, then the desk's, then the trader's own. */
  effective(parent: Parent): EffectivePoint | undefined {
    const w = this.work.get(parent.parentId);
    if (!w) return undefined;
    const desk = this.host.orders.get(parent.orderIds[0])?.desk ?? '';
    const override =
      this.overrides.get(`parent|${parent.parentId}`) ??
      parent.owners.map((o) => this.overrides.get(`trader|${o}`)).find((x) => x !== undefined) ??
      this.overrides.get(`desk|${desk}`);
    const point = override?.point ?? w.point;
    return { point, params: parametersFor(point), override };
  }

  /** Planned share done by time t (time strategies; POV reports its target from the volume so far). */
  plannedFraction(parentId: string, t: number): number | undefined {
    const w = this.work.get(parentId);
    const p = this.host.parents.get(parentId);
    if (!w || !p) return undefined;
    this.refreshCurve(p, w);
    return plannedFraction(w.curve, w.plan, t);
  }

  curve(parentId: string): { plan: ParentPlan; curve: readonly number[] } | undefined {
    const w = this.work.get(parentId);
    const p = this.host.parents.get(parentId);
    if (!w || !p) return undefined;
    this.refreshCurve(p, w);
    return { plan: w.plan, curve: w.curve };
  }

  apply(e: EngineEvent): void {
    switch (e.type) {
      case 'StrategySet': {
        const prev = this.work.get(e.parentId);
        const parent = this.host.parents.get(e.parentId);
        const urgency = this.host.orders.get(parent?.orderIds[0] ?? '')?.urgency ?? 'medium';
        const w: Work = prev ?? { plan: e.plan, point: URGENCY_PRESETS[urgency], curve: [], curveKT: Number.NaN, paused: false, queued: false, lastDecisionAt: -Infinity, fills: [], recalibrations: [] };
        w.plan = e.plan;
        w.curveKT = Number.NaN; // recompute lazily
        w.volumeAtStart = undefined;
        w.doneAtStart = undefined;
        w.last = undefined;
        this.work.set(e.parentId, w);
        this.schedule(e.parentId, w, Math.max(e.ts, e.plan.startAt));
        return;
      }
      case 'TrilemmaSet': {
        const w = this.work.get(e.parentId);
        if (w) (w.point = e.point), (w.curveKT = Number.NaN), this.wake(e.parentId);
        return;
      }
      case 'OverrideSet':
      case 'OverrideReleased': {
        const key = `${e.scope}|${e.target}`;
        if (e.type === 'OverrideSet') this.overrides.set(key, { scope: e.scope, target: e.target, point: e.point, by: e.by, reason: e.reason, ts: e.ts });
        else this.overrides.delete(key);
        for (const [id, w] of this.work) (w.curveKT = Number.NaN), this.wake(id);
        return;
      }
      case 'ParentPaused': {
        const w = this.work.get(e.parentId);
        if (w) (w.paused = true), (w.pausedBy = { by: e.by, reason: e.reason }), this.wake(e.parentId);
        return;
      }
      case 'ParentResumed': {
        const w = this.work.get(e.parentId);
        if (w) (w.paused = false), (w.pausedBy = undefined), this.wake(e.parentId);
        return;
      }
      case 'ScheduleRecalibrated': {
        const w = this.work.get(e.parentId);
        if (w) {
          w.last = e;
          w.recalibrations.push(e);
          if (w.recalibrations.length > 200) w.recalibrations.splice(0, 100);
        }
        return;
      }
      case 'ChildFilled': {
        this.work.get(e.parentId)?.fills.push({ ts: e.ts, qty: e.qty, px: e.px });
        const c = this.host.children.get(e.childId);
        if (c) {
          this.scorecard.filled(c, e.qty, e.px, e.fee, e.ts);
          if (c.leaves === 0) this.scorecard.finished(c);
        }
        return;
      }
      case 'ChildCancelled':
      case 'ChildRejected': {
        const c = this.host.children.get(e.childId);
        if (c) this.scorecard.finished(c);
        return;
      }
      case 'ParentCompleted': {
        const w = this.work.get(e.parentId);
        if (w?.timer) this.host.scheduler.cancel(w.timer), (w.timer = undefined);
        return;
      }
      case 'ChildPlaced':
        this.scorecard.placed(this.host.children.get(e.childId)!, e.ts);
        // Sending is part of applying: replay re-sends at the same instant, so the re-simulated market sees the same orders.
        if (e.ts >= this.host.market.open)
          this.host.market.submit({ id: e.childId, venue: e.venue, symbol: e.symbol, side: e.side, kind: e.kind, px: e.px, qty: e.qty, minQty: e.minQty });
        return;
      case 'ChildCancelRequested':
        this.host.market.cancel(e.childId);
        return;
    }
  }

  /**
   * Asks the parent to decide on the next scheduler turn (once, however many reasons
   * arrive), at most every WAKE_GAP_MS: a burst of fills is one decision, and no
   * course of events can make a parent spin at one instant.
   */
  wake(parentId: string): void {
    const w = this.work.get(parentId);
    if (!w || w.queued) return;
    w.queued = true;
    this.host.scheduler.at(Math.max(this.host.scheduler.clock.now(), w.lastDecisionAt + WAKE_GAP_MS), () => {
      w.queued = false;
      this.decideNow(parentId);
    });
  }

  /** Pulls every working child of a parent (pause, pending cancels, kill switch). */
  pullBodies(parentId: string, reason: string): EventBody[] {
    return this.host.children
      .workingOf(parentId)
      .filter((c) => !c.cancelRequested)
      .map((c) => ({ type: 'ChildCancelRequested', childId: c.childId, reason }));
  }

  private schedule(parentId: string, w: Work, at: number): void {
    if (w.timer) this.host.scheduler.cancel(w.timer);
    w.timer = this.host.scheduler.at(at, () => {
      w.timer = undefined;
      const p = this.host.parents.get(parentId);
      if (!p || p.status !== 'working') return;
      this.decideNow(parentId);
      // Keep the clock ticking while there is a window to work (or a must-finish residual), until the close.
      const now = this.host.scheduler.clock.now();
      const finish = (w.plan.endOfWindow ?? this.effective(p)!.params.endOfWindow) === 'finish';
      if (p.status === 'working' && now < this.host.market.close && (now < w.plan.endAt || finish)) this.schedule(parentId, w, now + decisionIntervalMs(w.plan));
    });
  }

  private refreshCurve(p: Parent, w: Work): StrategyParameters {
    const eff = this.effective(p)!;
    if (w.curveKT !== eff.params.urgencyKT) {
      const inst = this.host.instruments.get(p.symbol)!;
      const q = this.host.market.nbbo(p.symbol);
      const px = q.bid !== undefined && q.ask !== undefined ? (q.bid + q.ask) / 2 : inst.refPx;
      const spread = q.bid !== undefined && q.ask !== undefined ? q.ask - q.bid : inst.tick;
      w.curve = plannedCurve(w.plan, inst, this.host.market.open, eff.params.urgencyKT, px, spread);
      w.curveKT = eff.params.urgencyKT;
    }
    return eff.params;
  }

  /** One decision for one parent, journaled. Exposed for the decision benchmark. */
  decideNow(parentId: string): Decision | undefined {
    const { host } = this;
    const p = host.parents.get(parentId);
    const w = this.work.get(parentId);
    if (!p || !w || p.status !== 'working') return undefined;
    const now = host.scheduler.clock.now();
    w.lastDecisionAt = now;
    if (w.paused || p.pending > 0) {
      const pull = this.pullBodies(parentId, w.paused ? 'parent paused' : 'pending cancel or amend');
      if (pull.length) host.commit(pull);
      return undefined;
    }
    if (!host.market.isOpen(now)) return undefined;
    const input = this.decisionInput(p, w, now);
    for (const q of input.quotes) this.scorecard.observe(q.venue, q.bid, q.bidQty, q.ask, q.askQty);
    const d = decide(input);
    const bodies: EventBody[] = [];
    if (d.recalibration) bodies.push({ type: 'ScheduleRecalibrated', parentId, ...d.recalibration });
    for (const c of d.cancel) bodies.push({ type: 'ChildCancelRequested', childId: c.childId, reason: c.reason, ...(c.rotate && { rotate: true }) });
    for (const r of d.place) bodies.push(this.placed(p, r, input.logic));
    if (bodies.length) host.commit(bodies);
    return d;
  }

  private placed(p: Parent, r: ChildRoute, logic: RoutingLogic, tried?: string[]): EventBody {
    const body: EventBody = { type: 'ChildPlaced', childId: this.host.children.nextChildId(), parentId: p.parentId, symbol: p.symbol, side: p.side, venue: r.venue, kind: r.kind, px: r.px, qty: r.qty, placement: r.placement, logic };
    if (r.minQty !== undefined) body.minQty = r.minQty;
    if (tried) body.tried = tried;
    const mid = this.host.market.mid(p.symbol);
    if (mid !== undefined) body.arrivalMid = mid;
    return body;
  }

  /**
   * Sequential routing: a remainder that came back (an IOC's unfilled part, or a
   * resting child rotated away) goes on to the next venue at once, ranked afresh on
   * the current books, skipping the venues it already tried. Never more than the
   * parent still has free (open − in flight), so it cannot overfill; nothing left to
   * try, or the parent is paused or changing: the next decision takes it from there.
   */
  private reroute(child: Child, remainder: number): void {
    const { host } = this;
    const p = host.parents.get(child.parentId);
    const w = this.work.get(child.parentId);
    if (!p || !w || p.status !== 'working' || w.paused || p.pending > 0 || !host.market.isOpen()) return;
    const input = this.decisionInput(p, w, host.scheduler.clock.now());
    const qty = Math.floor(Math.min(remainder, p.open - input.inFlight) / input.lot) * input.lot;
    if (qty <= 0) return;
    const tried = [...(child.tried ?? []), child.venue];
    const routes = route({ ...routeRequest(input, qty, child.placement, input.params.passivity), logic: 'sequential', exclude: tried }, input.quotes, input.dark, this.scorecard);
    if (routes.length) host.commit(routes.map((r) => this.placed(p, r, 'sequential', tried)));
  }

  /** What decide() would be given for this parent now (the decision benchmark times decide on it). */
  inputFor(parentId: string): DecisionInput | undefined {
    const p = this.host.parents.get(parentId);
    const w = this.work.get(parentId);
    return p && w ? this.decisionInput(p, w, this.host.scheduler.clock.now()) : undefined;
  }

  /** Everything decide() needs about one parent, now. */
  private decisionInput(p: Parent, w: Work, now: number): DecisionInput {
    const { host } = this;
    const params = this.refreshCurve(p, w);
    const inst = host.instruments.get(p.symbol)!;
    const stats = host.market.stats(p.symbol);
    if (w.volumeAtStart === undefined && now >= w.plan.startAt) (w.volumeAtStart = stats?.volume ?? 0), (w.doneAtStart = p.filled + p.crossed);
    const interval = decisionIntervalMs(w.plan);
    const open = host.market.open;
    const quotes = host.market.venueQuotes(p.symbol, SWEEP_LEVELS);
    // The tightest limit among open constituents: children never go beyond it.
    const buy = p.side === 'buy';
    let limitPx: number | undefined = undefined;
    for (const id of p.orderIds) {
      const o = host.orders.get(id)!;
      if (o.limitPx === undefined || SmallOrders.open(o) === 0) continue;
      if (limitPx === undefined || (buy ? o.limitPx < limitPx : o.limitPx > limitPx)) limitPx = o.limitPx;
    }
    return {
      now,
      plan: w.plan,
      params,
      curve: w.curve,
      side: p.side,
      lot: inst.lot,
      tick: inst.tick,
      done: p.filled + p.crossed - (w.doneAtStart ?? 0),
      open: p.open,
      inFlight: host.children.inFlight(p.parentId),
      limitPx,
      volumeSinceStart: (stats?.volume ?? 0) - (w.volumeAtStart ?? 0),
      expectedIntervalVolume: inst.adv * expectedVolume(now - open, now - open + interval),
      intervalMs: interval,
      children: host.children.workingOf(p.parentId),
      quotes,
      dark: this.dark.filter((d) => host.market.venueStatus(d.venue) === 'open'),
      logic: w.plan.routing ?? params.routing,
      score: this.scorecard,
      lastAction: w.last?.action,
    };
  }

  /**
   * A venue halted, went down or came back (applied from VenueStatusChanged). Children
   * at a down venue stay in flight — possibly live — until it answers; every parent
   * decides again, so work moves to the venues still open without overfilling.
   */
  private onVenueStatus(venue: string, status: 'open' | 'halted' | 'down'): void {
    this.scorecard.status(venue, status);
    this.host.children.venueStatus(venue, status === 'down');
    for (const id of this.work.keys()) if (this.host.parents.get(id)?.status === 'working') this.wake(id);
  }

  /** A venue's answer about one of our children becomes events; fills are allocated at once. */
  private onReport(r: VenueReport): void {
    const { host } = this;
    const child = host.children.get(r.id);
    if (!child) return;
    const bodies: EventBody[] = [];
    let rerouteQty = 0;
    switch (r.type) {
      case 'accepted':
        bodies.push({ type: 'ChildAccepted', childId: child.childId });
        break;
      case 'rejected':
        if (child.leaves === 0) return;
        bodies.push({ type: 'ChildRejected', childId: child.childId, reason: r.reason });
        break;
      case 'cancelled':
        if (child.leaves === 0) return;
        bodies.push({ type: 'ChildCancelled', childId: child.childId, qty: r.qty, reason: r.reason });
        // A sequential remainder moves on: an IOC's unfilled part, or a rotation we asked for.
        if (child.logic === 'sequential' && r.qty > 0 && (child.rotate || (child.kind === 'ioc' && !child.cancelRequested))) rerouteQty = r.qty;
        break;
      case 'fill': {
        const p = host.parents.get(child.parentId)!;
        bodies.push({ type: 'ChildFilled', childId: child.childId, parentId: p.parentId, venue: r.venue, qty: r.qty, px: r.px, fee: r.fee, liquidity: r.liquidity, leaves: r.leaves });
        const inst = host.instruments.get(p.symbol)!;
        const targets = p.orderIds.map((id, priority) => {
          const o = host.orders.get(id)!;
          return { orderId: id, open: SmallOrders.open(o), limitPx: o.limitPx, priority };
        });
        const { allocations } = allocateFill(r.qty, r.px, p.side, inst.lot, targets);
        bodies.push({ type: 'Allocated', childId: child.childId, parentId: p.parentId, px: r.px, allocations });
        if (p.open === r.qty) bodies.push({ type: 'ParentCompleted', parentId: p.parentId });
        break;
      }
      case 'amended':
        return;
    }
    host.commit(bodies);
    if (rerouteQty > 0) this.reroute(child, rerouteQty);
    const p = host.parents.get(child.parentId);
    if (p && p.pending > 0 && host.children.inFlight(p.parentId) === 0) host.settlePending(p.parentId);
    if (p?.status === 'working') this.wake(p.parentId);
  }
}
