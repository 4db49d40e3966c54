import type { AmendOrder, Command, CancelOrder, ExecutionControl, RiskControl, SetVenueStatus, SubmitBasket, SubmitOrder } from './commands';
import type { EngineEvent, EventBody, InternalCross, OrderAccepted } from './events';
import { type Instrument, DEFAULT_INSTRUMENTS } from './instruments';
import { SmallOrders } from './orders/smallOrders';
import { Parents } from './aggregation/parents';
import { groupKey, groupReason, priceClassOf } from './aggregation/grouping';
import { heldBack, heldBy, within, type HeldBack } from './aggregation/crossing';
import type { SmallOrder } from './orders/types';
import { limitPxOf, validateSubmit } from './orders/validate';
import { serialIds } from './orders/ids';
import { VirtualClock } from './core/clock';
import { type Rng, seededRng } from './core/rng';
import { Scheduler } from './core/scheduler';
import { SimMarket, type Quote } from './market/market';
import { VENUE_STATUSES, type VenueConfig, type VenueStatus } from './market/venues';
import { DEFAULT_LIMITS, LIMITS_OFF_AT_ZERO, RiskBook, type RiskLimits } from './risk/riskBook';
import { PRICE_SCALE, toDollars, toPriceUnits } from './instruments';
import { Children } from './execution/children';
import { Executor } from './execution/executor';
import { defaultPlan, validatePlan, type ParentPlan } from './strategies/plan';
import { URGENCY_PRESETS, validatePoint, type TrilemmaPoint } from './strategies/trilemma';
import { URGENCIES, type OrderSource, type Side, type Urgency } from './orders/types';

/**
 * Where events go before anyone sees them. `append` must be durable (to the
 * journal's configured level) when it returns; the SQLite journal in server/
 * implements it, tests use an in-memory one.
 */
export interface JournalPort {
  /**
   * `batch` names the command the events belong to (the seq of its first event): a
   * command may commit several times (a basket, line by line), and recovery
   * re-applies a command's events together, as they happened.
   */
  append(events: readonly EngineEvent[], batch?: number): void;
  /**
   * Group commit: several commits' events in ONE durable write, all or nothing. A
   * journal without it gets one `append` per entry (durable, but not all or nothing).
   */
  appendGroup?(entries: readonly JournalEntry[]): void;
  lastSeq(): number;
  /** Every stored event in sequence order, for recovery, grouped by batch. */
  replay(): Iterable<readonly EngineEvent[]>;
}

/** One commit's events and the batch (command) they belong to. */
export interface JournalEntry {
  events: readonly EngineEvent[];
  batch: number;
}

export interface EngineOptions {
  journal: JournalPort;
  /** Session open: engine time starts here (ms since epoch), and the simulated market's day with it. */
  startTime: number;
  seed: number | string;
  instruments?: readonly Instrument[];
  /** Called before each command so a real-time host can bring engine time up to the wall. */
  syncTime?: () => number;
  /** Run a simulated market on the engine's scheduler (the desk's default); omitted in pure order tests. */
  market?: { venues: readonly VenueConfig[]; darkShare?: number; depth?: number };
  riskLimits?: RiskLimits;
  /**
   * false: the counterfactual desk of TCA's "value of aggregation" — no internal
   * crossing, and every small order worked alone as its own parent, by the same
   * default strategy family. Default true.
   */
  aggregation?: boolean;
}

export type CommandResult = { ok: true; events: EngineEvent[] } | { ok: false; events: EngineEvent[]; reason: string };

export type EventListener = (events: readonly EngineEvent[]) => void;

/**
 * The single writer. Each command is handled to completion: decide → journal →
 * apply → publish. Nothing here reads the wall clock or Math.random: time comes
 * from the scheduler's virtual clock, randomness from the seeded Rng.
 */
export class Engine {
  readonly clock: VirtualClock;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly orders = new SmallOrders();
  readonly parents = new Parents();
  readonly children = new Children();
  /** Works the parents; present when a market is attached. */
  readonly executor: Executor | undefined;
  /** Every internal cross of the session, in order (the Parents page lists them). */
  readonly crosses: Array<InternalCross & { seq: number; ts: number }> = [];
  private crossNo = 0;
  /** Scratch of one arrival's internal crossing (crossInternally), reused arrival after arrival: its first `n` entries are this arrival's. */
  private readonly crossedFrom = { parentIds: [] as string[], qty: [] as number[], n: 0 };
  private readonly heldFor = { parentIds: [] as string[], held: [] as Array<HeldBack | undefined>, n: 0 };
  /** The events of the arrival `submit` is building: its first `arrivalCount` (submit does not nest). */
  private readonly arrivalBodies: EventBody[] = [];
  private arrivalCount = 0;
  /** The NBBO as `submit` reads it, reused order after order: only read during one submit. */
  private readonly quote: Quote = { bid: undefined, bidQty: 0, ask: undefined, askQty: 0 };
  /** A cross saves both sides a taker fee at the highest lit rate (fixed with the venues). */
  private readonly crossTakeFee: number;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly market: SimMarket | undefined;
  readonly risk: RiskBook;
  private seq: number;
  private listeners = new Set<EventListener>();
  private readonly journal: JournalPort;
  private readonly syncTime?: () => number;
  private readonly aggregation: boolean;
  /** While a command is handled: the seq its events start at, naming their journal batch. */
  private commandBatch: number | undefined;
  /** During recovery: the next journaled batch not yet applied. */
  private replaying: readonly EngineEvent[] | undefined;
  private pullBatch: () => readonly EngineEvent[] | undefined = () => undefined;
  /** While a group commit runs: its commits, applied but not yet journaled nor published. */
  private group: JournalEntry[] | undefined;
  /** Why the engine stopped: a group's journal write failed after its events were applied. */
  private haltedBy: Error | undefined;
  private readonly haltListeners = new Set<(error: Error) => void>();

  constructor(opts: EngineOptions) {
    this.journal = opts.journal;
    this.syncTime = opts.syncTime;
    this.aggregation = opts.aggregation ?? true;
    this.instruments = new Map((opts.instruments ?? DEFAULT_INSTRUMENTS).map((i) => [i.symbol, i]));
    this.rng = seededRng(opts.seed);
    this.risk = new RiskBook(opts.riskLimits ?? DEFAULT_LIMITS);
    this.clock = new VirtualClock(opts.startTime);
    this.scheduler = new Scheduler(this.clock);
    this.market = opts.market
      ? new SimMarket(this.scheduler, { seed: opts.seed, instruments: [...this.instruments.values()], venues: opts.market.venues, open: opts.startTime, darkShare: opts.market.darkShare, depth: opts.market.depth })
      : undefined;
    this.crossTakeFee = this.market ? Math.max(0, ...[...this.market.venues.values()].filter((v) => v.config.kind === 'lit').map((v) => v.config.takeFee)) : 0;
    this.executor = this.market
      ? new Executor({
          scheduler: this.scheduler,
          market: this.market,
          instruments: this.instruments,
          orders: this.orders,
          parents: this.parents,
          children: this.children,
          commit: (bodies) => this.commit(bodies),
          settlePending: (parentId) => this.settlePending(parentId),
        })
      : undefined;
    // Recovery is re-execution. State is the fold of the journal, and the market and the
    // strategies run again from the seed alongside it. A batch that a market callback or a
    // strategy timer produced is produced again, at the same instant, and checked against
    // the journal (commit); a batch from an outside command is applied where the live run
    // committed it — after every callback due at or before its time, as `handle` does.
    this.seq = 0;
    const batches = this.journal.replay()[Symbol.iterator]();
    this.pullBatch = () => {
      const r = batches.next();
      return r.done ? undefined : r.value;
    };
    this.replaying = this.pullBatch();
    while (this.replaying) {
      const batch = this.replaying;
      this.scheduler.runUntil(batch[0].ts);
      if (this.replaying !== batch) continue; // re-made by a callback
      this.replaying = this.pullBatch();
      for (const e of batch) {
        this.checkSeq(e);
        // A venue switch from an earlier day does not carry over: venues open each session.
        if (e.type !== 'VenueStatusChanged' || e.ts >= opts.startTime) this.applyEvent(e);
      }
    }
  }

  private checkSeq(e: EngineEvent): void {
    if (e.seq !== this.seq + 1) throw new Error(`journal gap: expected seq ${this.seq + 1}, found ${e.seq}`);
    this.seq = e.seq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  now(): number {
    return this.clock.now();
  }

  onEvents(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handle(cmd: Command): CommandResult {
    if (this.haltedBy) throw this.haltedBy;
    return this.handleNow(cmd);
  }

  /**
   * Commands handled in order exactly as `handle` would handle them one at a time —
   * the same events, results and state — but journaled in ONE write, and published
   * only after it (group commit, see `inGroup`): nothing of them can be acknowledged
   * before all of them are durable. A host taking a burst of orders (a FIX session's
   * socket read) pays one transaction for the burst instead of one per order.
   *
   * If a command throws, the commands before it stand (journaled and published) and a
   * `GroupInterrupted` says how many they were; the rest were not handled. If the
   * group's write fails, the engine halts as `inGroup` describes and none stands.
   */
  handleAll(cmds: readonly Command[]): CommandResult[] {
    if (this.haltedBy) throw this.haltedBy;
    const results: CommandResult[] = [];
    this.inGroup(() => {
      for (const cmd of cmds) {
        try {
          results.push(this.handleNow(cmd));
        } catch (err) {
          throw new GroupInterrupted(results.length, err);
        }
      }
    });
    return results;
  }

  private handleNow(cmd: Command): CommandResult {
    // A command runs after everything due by its instant, whoever drives time: recovery
    // replays it at exactly that point.
    this.scheduler.runUntil(this.syncTime ? this.syncTime() : this.now());
    this.commandBatch = this.seq + 1;
    try {
      return this.dispatch(cmd);
    } finally {
      this.commandBatch = undefined;
    }
  }

  private dispatch(cmd: Command): CommandResult {
    switch (cmd?.type) {
      case 'SubmitOrder':
        return this.submit(cmd);
      case 'SubmitBasket':
        return this.inGroup(() => this.submitBasket(cmd));
      case 'CancelOrder':
        return this.cancel(cmd);
      case 'AmendOrder':
        return this.amend(cmd);
      case 'SetVenueStatus':
        return this.setVenueStatus(cmd);
      case 'SetKillSwitch':
      case 'SetRestricted':
      case 'SetRiskLimits':
        return this.riskControl(cmd);
      case 'SetStrategy':
      case 'SetTrilemma':
      case 'SetOverride':
      case 'ReleaseOverride':
      case 'PauseParent':
      case 'ResumeParent':
      case 'CancelParent':
        return this.executionControl(cmd);
      default:
        return { ok: false, events: [], reason: `unknown command ${String((cmd as { type?: unknown })?.type)}` };
    }
  }

  private submit(cmd: SubmitOrder): CommandResult {
    const invalid = validateSubmit(cmd, this.instruments);
    if (invalid) return this.rejectSubmit(cmd, invalid.code, invalid.reason);
    if (this.orders.hasClOrdId(cmd.owner, cmd.clOrdId))
      return this.rejectSubmit(cmd, 'DUPLICATE_CLORDID', `client order id "${cmd.clOrdId}" was already used by ${cmd.owner}`);
    const inst = this.instruments.get(cmd.symbol)!;
    const now = this.now();
    // One look at the NBBO serves the arrival price, the risk reference and the crossing price.
    const nbbo = this.market?.quoteInto(inst.symbol, this.quote);
    const arrivalPx = nbbo && midOf(nbbo);
    const refPx = (arrivalPx ?? this.market?.stats(inst.symbol)?.last ?? inst.refPx) / PRICE_SCALE;
    const limitPx = limitPxOf(cmd);
    const limit = limitPx === undefined ? undefined : limitPx / PRICE_SCALE;
    // The order as accepted, built once, straight from the command (validateSubmit: a valid
    // command's fields are the order's); risk reads it as it is. Spelled out rather than
    // spread: every accepted order has one shape, which keeps the hot path monomorphic.
    const order: OrderAccepted['order'] = {
      orderId: this.orders.nextOrderId(),
      clOrdId: cmd.clOrdId,
      owner: cmd.owner,
      desk: cmd.desk,
      source: cmd.source as OrderSource,
      symbol: inst.symbol,
      side: cmd.side as Side,
      qty: cmd.qty,
      limitPx,
      urgency: cmd.urgency as Urgency,
      basketId: cmd.basketId || undefined,
      notional: cmd.qty * (limit ?? refPx),
      arrivalPx,
      createdAt: now,
    };
    const risk = this.risk.check(order, refPx, now, !!cmd.confirmed);
    if (!risk.ok) return this.rejectSubmit(cmd, risk.rule, risk.reason);
    const orderId = order.orderId;
    // The arrival's events go to a scratch list first (how many crosses it makes is not known
    // up front); commit gets them as an array of exactly their number.
    this.arrivalBodies[0] = unstamped({ type: 'OrderAccepted', order, seq: 0, ts: 0 });
    this.arrivalCount = 1;
    const left = this.aggregation && arrivalPx !== undefined ? this.crossInternally(order, nbbo as { bid: number; ask: number }) : order.qty;
    if (left > 0) {
      // The remainder joins the working parent of its kind, or starts one (the grouping rule).
      const priceClass = priceClassOf(order.side, limitPx, refPx * PRICE_SCALE);
      const key = this.aggregation ? groupKey(order, priceClass) : `alone|${orderId}`;
      const working = this.aggregation ? this.parents.workingFor(key) : undefined;
      if (working) this.addBody(unstamped({ type: 'OrderJoinedParent', orderId, parentId: working.parentId, qty: left, seq: 0, ts: 0 }));
      else {
        const parentId = this.parents.nextParentId();
        this.addBody({ type: 'ParentCreated', parentId, symbol: order.symbol, side: order.side, key, reason: this.aggregation ? groupReason(order, priceClass) : 'worked alone: aggregation off', arrivalPx });
        this.addBody({ type: 'OrderJoinedParent', orderId, parentId, qty: left });
        // A new parent's plan follows its first order's urgency until the trader says otherwise.
        if (this.market) this.addBody({ type: 'StrategySet', parentId, plan: defaultPlan(inst, order.urgency, now, this.market.open), by: 'desk' });
      }
    }
    const bodies = this.arrivalBodies.slice(0, this.arrivalCount);
    // Nothing of this arrival stays reachable from the scratch list once committed.
    this.arrivalBodies.fill(undefined as unknown as EventBody, 0, this.arrivalCount);
    return { ok: true, events: this.commit(bodies) };
  }

  private addBody(body: EventBody): void {
    this.arrivalBodies[this.arrivalCount++] = body;
  }

  /**
   * A basket: throttled once as a message, then each line submitted in turn, so
   * later lines see the parents earlier ones started. The whole basket is journaled
   * in one write (group commit, see `inGroup`). The result carries every line's
   * events, in line order.
   */
  private submitBasket(cmd: SubmitBasket): CommandResult {
    const refuse = (reason: string): CommandResult => ({
      ok: false,
      reason,
      events: this.commit([{ type: 'CommandRejected', command: 'SubmitBasket', by: String(cmd.owner), reason }]),
    });
    if (!Array.isArray(cmd.lines) || cmd.lines.length === 0) return refuse('the basket has no lines');
    const throttled = this.risk.throttled(cmd.owner, this.now());
    if (throttled && !throttled.ok) return refuse(throttled.reason);
    // A copy to collect the lines into: the committed array belongs to the pending group write.
    const events = [...this.commit([{ type: 'BasketReceived', basketId: cmd.basketId, name: cmd.name, owner: cmd.owner, lines: cmd.lines.length }])];
    for (const line of cmd.lines) {
      // Field by field rather than a spread of the line: one object shape for every line, whatever built it.
      const order: SubmitOrder = { type: 'SubmitOrder', clOrdId: line.clOrdId, owner: cmd.owner, desk: cmd.desk, source: 'basket', symbol: line.symbol, side: line.side, qty: line.qty, limitPrice: line.limitPrice, urgency: line.urgency, confirmed: line.confirmed, basketId: cmd.basketId };
      for (const e of this.submit(order).events) events.push(e);
    }
    return { ok: true, events };
  }

  /**
   * Crosses a new order against opposing open orders in working parents at the
   * NBBO midpoint (engine/aggregation/crossing.ts); adds the cross events and
   * any parent they complete to the arrival's events. Returns the quantity left for
   * the market. `q` is the NBBO at arrival, neither side missing nor crossed.
   */
  private crossInternally(o: OrderAccepted['order'], q: { bid: number; ask: number }): number {
    const px = Math.round((q.bid + q.ask) / 2);
    // An arrival whose own limit does not allow the midpoint crosses nothing.
    if (!within(o.side, o.limitPx, px)) return o.qty;
    // The parents crossed from, in order, and how much each crossed; and per parent with
    // children out, where its constituents hold shares back for them. An arrival meets one
    // or two parents: short lists, reused, rather than two Maps per arrival.
    const crossed = this.crossedFrom;
    // Counted rather than emptied: setting an array's length is a call into the runtime.
    crossed.n = this.heldFor.n = 0;
    const arrival = this.arrival;
    arrival.order = o;
    arrival.left = o.qty;
    arrival.px = px;
    arrival.spread = q.ask - q.bid;
    this.parents.offerCrossable(o.symbol, o.side === 'buy' ? 'sell' : 'buy', px, this.isOpenNo, this.crossWith);
    arrival.order = undefined;
    // A parent left with nothing open is complete.
    for (let k = 0; k < crossed.n; k++) if (this.parents.get(crossed.parentIds[k])!.open === crossed.qty[k]) this.addBody({ type: 'ParentCompleted', parentId: crossed.parentIds[k] });
    return arrival.left;
  }

  /**
   * The arrival crossInternally is crossing: what `crossWith` reads and updates. One arrival
   * at a time, so one object, reused, and one method rather than a closure per arrival.
   */
  private readonly arrival = { order: undefined as OrderAccepted['order'] | undefined, left: 0, px: 0, spread: 0 };

  /** Offered a resting order (by number) for the arrival: crosses what it can, and says whether to go on. */
  private readonly crossWith = (no: number): boolean => {
    const arrival = this.arrival;
    const o = arrival.order!;
    const r = this.orders.byNumber(no)!;
    // Never with the same owner: that would be a wash trade, not netting. A change pending holds it back.
    if (r.owner === o.owner || r.pendingChange) return true;
    const open = SmallOrders.open(r);
    const atVenues = this.children.inFlight(r.parentId!);
    const free = atVenues > 0 ? open - heldBy(this.heldForVenues(r.parentId!, atVenues), no, open) : open;
    if (free <= 0) return true;
    const qty = Math.min(arrival.left, free);
    arrival.left -= qty;
    this.addBody(
      unstamped({
        type: 'InternalCross',
        crossId: crossIdOf(++this.crossNo),
        symbol: o.symbol,
        qty,
        px: arrival.px,
        buyOrderId: o.side === 'buy' ? o.orderId : r.orderId,
        sellOrderId: o.side === 'buy' ? r.orderId : o.orderId,
        spreadSaved: (qty * arrival.spread) / PRICE_SCALE,
        feesSaved: (2 * qty * this.crossTakeFee) / PRICE_SCALE,
        seq: 0,
        ts: 0,
      }),
    );
    const crossed = this.crossedFrom;
    let k = 0;
    while (k < crossed.n && crossed.parentIds[k] !== r.parentId) k++;
    if (k === crossed.n) (crossed.parentIds[k] = r.parentId!), (crossed.qty[k] = qty), crossed.n++;
    else crossed.qty[k] += qty;
    return arrival.left > 0;
  };

  private readonly isOpenNo = (no: number): boolean => SmallOrders.open(this.orders.byNumber(no)!) > 0;

  /** What a parent has at venues is spoken for (no overfill): where it holds shares back from crossing, worked out once per arrival. */
  private heldForVenues(parentId: string, atVenues: number): HeldBack | undefined {
    const memo = this.heldFor;
    for (let k = 0; k < memo.n; k++) if (memo.parentIds[k] === parentId) return memo.held[k];
    const parent = this.parents.get(parentId)!;
    const held = heldBack(parent.orderIds, atVenues, parent.pending, this.orderOf);
    memo.parentIds[memo.n] = parentId;
    memo.held[memo.n++] = held;
    return held;
  }

  private readonly orderOf = (orderId: string): SmallOrder => this.orders.get(orderId)!;

  private rejectSubmit(cmd: SubmitOrder, code: Extract<EventBody, { type: 'OrderRejected' }>['code'], reason: string) {
    const events = this.commit([
      {
        type: 'OrderRejected',
        ...(cmd.basketId ? { basketId: cmd.basketId } : {}),
        clOrdId: String(cmd.clOrdId ?? ''),
        owner: String(cmd.owner ?? ''),
        source: cmd.source as never,
        symbol: String(cmd.symbol ?? ''),
        side: String(cmd.side ?? ''),
        qty: Number(cmd.qty),
        urgency: String(cmd.urgency ?? ''),
        code,
        reason,
      },
    ]);
    return { ok: false as const, events, reason };
  }

  private cancel(cmd: CancelOrder): CommandResult {
    const order = this.orders.get(cmd.orderId);
    const refuse = (code: 'UNKNOWN_ORDER' | 'ORDER_FINISHED', reason: string): CommandResult => ({
      ok: false,
      reason,
      events: this.commit([{ type: 'CancelRejected', orderId: String(cmd.orderId), by: cmd.by, code, reason }]),
    });
    if (!order) return refuse('UNKNOWN_ORDER', `no order ${cmd.orderId}`);
    if (SmallOrders.open(order) === 0) return refuse('ORDER_FINISHED', `order ${order.orderId} is already ${order.status}`);
    if (order.pendingChange?.change === 'cancel') return refuse('ORDER_FINISHED', `order ${order.orderId} already has a cancel pending`);
    return { ok: true, events: this.commit(this.cancelBodies([order], cmd.by, cmd.reason)) };
  }

  private amend(cmd: AmendOrder): CommandResult {
    const order = this.orders.get(cmd.orderId);
    const refuse = (code: 'UNKNOWN_ORDER' | 'ORDER_FINISHED' | 'BAD_AMEND', reason: string): CommandResult => ({
      ok: false,
      reason,
      events: this.commit([{ type: 'CancelRejected', orderId: String(cmd.orderId), by: cmd.by, code, reason }]),
    });
    if (!order) return refuse('UNKNOWN_ORDER', `no order ${cmd.orderId}`);
    if (SmallOrders.open(order) === 0) return refuse('ORDER_FINISHED', `order ${order.orderId} is already ${order.status}`);
    const inst = this.instruments.get(order.symbol)!;
    const qty = cmd.qty ?? order.qty;
    if (!Number.isInteger(qty) || qty <= 0 || qty % inst.lot !== 0) return refuse('BAD_AMEND', `new quantity must be a positive whole number of ${inst.symbol} lots of ${inst.lot}, not ${cmd.qty}`);
    if (qty > order.qty) return refuse('BAD_AMEND', `an amend may only reduce quantity (${order.qty} → ${qty}); send another order to buy or sell more`);
    if (qty < order.filledQty) return refuse('BAD_AMEND', `cannot reduce below the ${order.filledQty} already filled`);
    let limitPx: number | null = order.limitPx ?? null;
    if (cmd.limitPrice !== undefined) {
      if (cmd.limitPrice === null) limitPx = null;
      else {
        const units = Number.isFinite(cmd.limitPrice) && cmd.limitPrice > 0 ? toPriceUnits(cmd.limitPrice) : undefined;
        if (units === undefined || units % inst.tick !== 0) return refuse('BAD_AMEND', `limit ${cmd.limitPrice} is not on the ${inst.symbol} tick grid of ${toDollars(inst.tick)}`);
        const refPx = (this.market?.mid(order.symbol) ?? inst.refPx) / PRICE_SCALE;
        const through = ((units / PRICE_SCALE - refPx) / refPx) * 10_000 * (order.side === 'buy' ? 1 : -1);
        if (through > this.risk.limits.collarBps) return refuse('BAD_AMEND', `limit ${cmd.limitPrice} is ${Math.round(through)} bps through the reference; the collar is ${this.risk.limits.collarBps} bps`);
        limitPx = units;
      }
    }
    if (qty === order.qty && limitPx === (order.limitPx ?? null)) return refuse('BAD_AMEND', 'the amend changes nothing');
    if (order.pendingChange) return refuse('BAD_AMEND', `order ${order.orderId} already has a ${order.pendingChange.change} pending`);
    if (order.parentId && this.children.inFlight(order.parentId) > 0) {
      // Children are at venues: pull them first, amend when they are back (Pending Replace).
      return {
        ok: true,
        events: this.commit([{ type: 'OrderChangePending', orderId: order.orderId, change: 'amend', qty, limitPx, by: cmd.by }, ...this.executor!.pullBodies(order.parentId, `amend of ${order.orderId} pending`)]),
      };
    }
    const bodies: EventBody[] = [{ type: 'OrderAmended', orderId: order.orderId, qty, limitPx, by: cmd.by }];
    const parent = order.parentId ? this.parents.get(order.parentId) : undefined;
    if (parent?.status === 'working' && parent.open === order.qty - qty) bodies.push({ type: 'ParentCompleted', parentId: parent.parentId });
    return { ok: true, events: this.commit(bodies) };
  }

  /**
   * Cancels for these open orders, and completion for every parent they leave with
   * nothing open. An order whose parent has children at venues waits for them
   * (Pending Cancel): the children are pulled, and the cancel lands when they are back.
   */
  private cancelBodies(orders: readonly SmallOrder[], by: string, reason?: string): EventBody[] {
    const bodies: EventBody[] = [];
    const released = new Map<string, number>();
    const pull = new Set<string>();
    for (const o of orders) {
      if (o.pendingChange?.change === 'cancel') continue;
      if (o.parentId && this.children.inFlight(o.parentId) > 0) {
        bodies.push({ type: 'OrderChangePending', orderId: o.orderId, change: 'cancel', by, reason });
        pull.add(o.parentId);
        continue;
      }
      bodies.push({ type: 'OrderCancelled', orderId: o.orderId, by, reason });
      if (o.parentId) released.set(o.parentId, (released.get(o.parentId) ?? 0) + SmallOrders.open(o));
    }
    for (const parentId of pull) bodies.push(...this.executor!.pullBodies(parentId, reason ? `cancel pending: ${reason}` : 'cancel pending'));
    for (const [parentId, qty] of released) {
      const parent = this.parents.get(parentId)!;
      if (parent.status === 'working' && parent.open === qty) bodies.push({ type: 'ParentCompleted', parentId });
    }
    return bodies;
  }

  /** The parent's children are all back: the cancels and amends that waited land now. */
  private settlePending(parentId: string): void {
    const parent = this.parents.get(parentId);
    if (!parent) return;
    const bodies: EventBody[] = [];
    let released = 0;
    for (const id of parent.orderIds) {
      const o = this.orders.get(id)!;
      const c = o.pendingChange;
      if (!c || SmallOrders.open(o) === 0) continue;
      if (c.change === 'cancel') {
        bodies.push({ type: 'OrderCancelled', orderId: o.orderId, by: c.by, reason: c.reason });
        released += SmallOrders.open(o);
      } else {
        const qty = Math.max(c.qty ?? o.qty, o.filledQty);
        bodies.push({ type: 'OrderAmended', orderId: o.orderId, qty, limitPx: c.limitPx === undefined ? (o.limitPx ?? null) : c.limitPx, by: c.by });
        released += o.qty - qty;
      }
    }
    if (parent.status === 'working' && parent.open === released) bodies.push({ type: 'ParentCompleted', parentId });
    if (bodies.length) this.commit(bodies);
  }

  /**
   * Supervisor risk controls, each journaled with who and why. A kill switch also
   * cancels every open order in its scope (FIA: "blocks new orders, cancels working ones").
   */
  private riskControl(cmd: RiskControl): CommandResult {
    const refuse = (reason: string): CommandResult => ({
      ok: false,
      reason,
      events: this.commit([{ type: 'CommandRejected', command: cmd.type, by: String(cmd.by), reason }]),
    });
    if (!cmd.reason?.trim()) return refuse('a reason is required for a risk control change');
    const reason = cmd.reason.trim();
    switch (cmd.type) {
      case 'SetKillSwitch': {
        if (cmd.scope !== 'desk' && cmd.scope !== 'user' && cmd.scope !== 'symbol') return refuse(`kill switch scope must be desk, user or symbol, not "${cmd.scope}"`);
        if (cmd.scope === 'symbol' && !this.instruments.has(String(cmd.target))) return refuse(`unknown instrument "${cmd.target}"`);
        if (cmd.scope !== 'desk' && !cmd.target) return refuse(`a ${cmd.scope} kill switch needs a target`);
        const target = cmd.scope === 'desk' ? '' : String(cmd.target);
        const bodies: EventBody[] = [{ type: 'KillSwitchSet', scope: cmd.scope, target, on: !!cmd.on, by: cmd.by, reason }];
        if (cmd.on) {
          const hit = [...this.orders.all()].filter(
            (o) => SmallOrders.open(o) > 0 && (cmd.scope === 'desk' || (cmd.scope === 'user' ? o.owner === target : o.symbol === target)),
          );
          bodies.push(...this.cancelBodies(hit, cmd.by, `kill switch: ${reason}`));
        }
        return { ok: true, events: this.commit(bodies) };
      }
      case 'SetRestricted': {
        if (!this.instruments.has(cmd.symbol)) return refuse(`unknown instrument "${cmd.symbol}"`);
        return { ok: true, events: this.commit([{ type: 'RestrictedListChanged', symbol: cmd.symbol, restricted: !!cmd.restricted, by: cmd.by, reason }]) };
      }
      case 'SetRiskLimits': {
        const given = cmd.limits && typeof cmd.limits === 'object' ? cmd.limits : {};
        const unknown = Object.keys(given).find((k) => !(k in this.risk.limits));
        if (unknown) return refuse(`unknown risk limit "${unknown}"`);
        const limits = { ...this.risk.limits, ...given };
        const bad = Object.entries(limits).find(([k, v]) => typeof v !== 'number' || Number.isNaN(v) || (LIMITS_OFF_AT_ZERO.has(k) ? v < 0 : !(v > 0)));
        if (bad) return refuse(`risk limit ${bad[0]} must be a ${LIMITS_OFF_AT_ZERO.has(bad[0]) ? 'number, 0 or more' : 'positive number'}, not ${bad[1]}`);
        return { ok: true, events: this.commit([{ type: 'RiskLimitsChanged', limits, by: cmd.by, reason }]) };
      }
    }
  }

  private setVenueStatus(cmd: SetVenueStatus): CommandResult {
    const refuse = (reason: string): CommandResult => ({
      ok: false,
      reason,
      events: this.commit([{ type: 'CommandRejected', command: 'SetVenueStatus', by: String(cmd.by), reason }]),
    });
    if (!this.market) return refuse('no market is attached to this engine');
    if (!this.market.venues.has(cmd.venue)) return refuse(`unknown venue "${cmd.venue}"`);
    if (!VENUE_STATUSES.includes(cmd.status as VenueStatus)) return refuse(`venue status must be open, halted or down, not "${cmd.status}"`);
    if (!cmd.reason?.trim()) return refuse('a reason is required to change a venue’s status');
    if (this.market.venueStatus(cmd.venue) === cmd.status) return refuse(`venue ${cmd.venue} is already ${cmd.status}`);
    return { ok: true, events: this.commit([{ type: 'VenueStatusChanged', venue: cmd.venue, status: cmd.status as VenueStatus, by: cmd.by, reason: cmd.reason.trim() }]) };
  }

  /**
   * Steering parents: the trader's strategy and trilemma point, the supervisor's
   * overrides, pause, resume and cancel. Who may do which is the server's check
   * (roles); the engine checks everything about the parent and the values.
   */
  private executionControl(cmd: ExecutionControl): CommandResult {
    const refuse = (reason: string): CommandResult => ({
      ok: false,
      reason,
      events: this.commit([{ type: 'CommandRejected', command: String(cmd.type), by: String(cmd.by), reason }]),
    });
    const executor = this.executor;
    if (!executor) return refuse('no market is attached to this engine');
    const pointOf = (c: { point?: TrilemmaPoint; urgency?: string }): TrilemmaPoint | string => {
      if (c.urgency !== undefined) return URGENCIES.includes(c.urgency as Urgency) ? URGENCY_PRESETS[c.urgency as Urgency] : `urgency must be one of ${URGENCIES.join(', ')}, not "${c.urgency}"`;
      if (!c.point) return 'a trilemma point or an urgency preset is required';
      const point = { impact: Number(c.point.impact), risk: Number(c.point.risk), completion: Number(c.point.completion) };
      return validatePoint(point) ?? point;
    };
    if (cmd.type === 'SetOverride' || cmd.type === 'ReleaseOverride') {
      if (cmd.scope !== 'parent' && cmd.scope !== 'trader' && cmd.scope !== 'desk') return refuse(`override scope must be parent, trader or desk, not "${cmd.scope}"`);
      const target = String(cmd.target ?? '').trim();
      if (!target) return refuse(`a ${cmd.scope} override needs a target`);
      if (cmd.scope === 'parent' && !this.parents.get(target)) return refuse(`no parent ${target}`);
      if (!cmd.reason?.trim()) return refuse('a reason is required for an override');
      const reason = cmd.reason.trim();
      if (cmd.type === 'ReleaseOverride') {
        if (!executor.override(cmd.scope, target)) return refuse(`no ${cmd.scope} override on ${target} to release`);
        return { ok: true, events: this.commit([{ type: 'OverrideReleased', scope: cmd.scope, target, by: cmd.by, reason }]) };
      }
      const point = pointOf(cmd);
      if (typeof point === 'string') return refuse(point);
      return { ok: true, events: this.commit([{ type: 'OverrideSet', scope: cmd.scope, target, point, by: cmd.by, reason }]) };
    }
    const parent = this.parents.get(cmd.parentId);
    if (!parent) return refuse(`no parent ${cmd.parentId}`);
    if (parent.status !== 'working') return refuse(`parent ${parent.parentId} is already completed`);
    const reason = 'reason' in cmd ? String(cmd.reason ?? '').trim() : '';
    switch (cmd.type) {
      case 'SetStrategy': {
        const current = executor.plan(parent.parentId)!;
        const plan: ParentPlan = { ...current };
        for (const k of ['strategy', 'startAt', 'endAt', 'minSlice', 'maxSlice', 'endOfWindow', 'routing', 'povRate', 'povMin', 'povMax'] as const) {
          if (cmd[k] !== undefined) (plan as unknown as Record<string, unknown>)[k] = cmd[k];
        }
        // null hands the end-of-window decision back to the trilemma.
        if (cmd.endOfWindow === null) delete plan.endOfWindow;
        if (cmd.routing === null) delete plan.routing;
        const err = validatePlan(plan, this.instruments.get(parent.symbol)!, this.now());
        if (err) return refuse(err);
        return { ok: true, events: this.commit([{ type: 'StrategySet', parentId: parent.parentId, plan, by: cmd.by }]) };
      }
      case 'SetTrilemma': {
        const point = pointOf(cmd);
        if (typeof point === 'string') return refuse(point);
        return { ok: true, events: this.commit([{ type: 'TrilemmaSet', parentId: parent.parentId, point, by: cmd.by }]) };
      }
      case 'PauseParent':
        if (!reason) return refuse('a reason is required to pause a parent');
        if (executor.paused(parent.parentId)) return refuse(`parent ${parent.parentId} is already paused`);
        return { ok: true, events: this.commit([{ type: 'ParentPaused', parentId: parent.parentId, by: cmd.by, reason }, ...executor.pullBodies(parent.parentId, 'parent paused')]) };
      case 'ResumeParent':
        if (!reason) return refuse('a reason is required to resume a parent');
        if (!executor.paused(parent.parentId)) return refuse(`parent ${parent.parentId} is not paused`);
        return { ok: true, events: this.commit([{ type: 'ParentResumed', parentId: parent.parentId, by: cmd.by, reason }]) };
      case 'CancelParent': {
        if (!reason) return refuse('a reason is required to cancel a parent');
        const open = parent.orderIds.map((id) => this.orders.get(id)!).filter((o) => SmallOrders.open(o) > 0 && o.pendingChange?.change !== 'cancel');
        if (!open.length) return refuse(`parent ${parent.parentId} has nothing left to cancel`);
        return { ok: true, events: this.commit(this.cancelBodies(open, cmd.by, `parent cancelled: ${reason}`)) };
      }
    }
  }

  /**
   * Stamps, journals (write-ahead), applies and publishes; the one place state changes.
   * Inside a group commit the journal write and the publication wait for the group's end.
   */
  private commit(bodies: EventBody[]): EngineEvent[] {
    if (this.replaying) return this.remade(bodies);
    const ts = this.now();
    // Stamp the bodies themselves: they were built for this commit and nobody else holds them
    // (those on every order's path are built `unstamped`, so this is a plain store).
    const events = bodies as EngineEvent[];
    for (let i = 0; i < events.length; i++) {
      events[i].seq = this.seq + 1 + i;
      events[i].ts = ts;
    }
    const batch = this.commandBatch ?? events[0]?.seq;
    if (this.group) this.group.push({ events, batch });
    else this.journal.append(events, batch);
    this.seq += events.length;
    for (const e of events) this.applyEvent(e);
    if (!this.group) this.publish(events);
    return events;
  }

  private publish(events: readonly EngineEvent[]): void {
    for (const l of this.listeners) {
      try {
        l(events);
      } catch {
        // A failing observer must never take the engine loop down with it.
      }
    }
  }

  /**
   * Group commit: runs `work` applying each of its commits at once (later steps see
   * earlier ones, as ever) but journals them all in ONE write when it ends, and
   * publishes them only after that write — so whatever `work` returns is
   * acknowledged only once durable. A basket of a thousand lines costs one
   * transaction instead of a thousand.
   *
   * The price is that state runs ahead of the journal until the write. If `work`
   * throws halfway, what it applied is still written, so state and journal agree.
   * If the write itself fails, nothing of the group is published or acknowledged,
   * but this engine now holds events its journal does not: it halts (every later
   * command throws) and tells its host (`onHalt`), which must replace it with an
   * engine recovered from the journal — the server exits, and its restart replays.
   */
  private inGroup<T>(work: () => T): T {
    if (this.group || this.replaying) return work();
    const group: JournalEntry[] = (this.group = []);
    try {
      return work();
    } finally {
      this.group = undefined;
      this.flush(group);
    }
  }

  private flush(group: readonly JournalEntry[]): void {
    if (!group.length) return;
    try {
      if (this.journal.appendGroup) this.journal.appendGroup(group);
      else for (const g of group) this.journal.append(g.events, g.batch);
    } catch (err) {
      this.haltedBy = new Error(`the journal failed to write a group of ${group.length} commits, already applied: this engine is ahead of its journal and takes no more commands; recover from the journal (${err instanceof Error ? err.message : String(err)})`);
      for (const l of this.haltListeners) {
        try {
          l(this.haltedBy);
        } catch {
          // The engine has halted whatever a listener does.
        }
      }
      throw this.haltedBy;
    }
    for (const g of group) this.publish(g.events);
  }

  /** Set when a group's journal write failed; see `inGroup`. */
  get halted(): Error | undefined {
    return this.haltedBy;
  }

  /** Called once if the engine halts; the host must then recover a new engine from the journal. */
  onHalt(listener: (error: Error) => void): () => void {
    this.haltListeners.add(listener);
    return () => this.haltListeners.delete(listener);
  }

  /**
   * Recovery: a market callback or strategy timer produced this batch again. The
   * journal's copy is the truth; a different one means the run was not
   * deterministic, and going on would silently fork history.
   */
  private remade(bodies: EventBody[]): EngineEvent[] {
    const batch = this.replaying!;
    if (batch.length !== bodies.length || batch.some((e, i) => e.type !== bodies[i].type))
      throw new Error(`replay diverged at seq ${batch[0].seq}: the journal has ${batch.map((e) => e.type).join(', ')}; re-execution produced ${bodies.map((b) => b.type).join(', ')}`);
    this.replaying = this.pullBatch();
    for (const e of batch) {
      this.checkSeq(e);
      this.applyEvent(e);
    }
    return [...batch];
  }

  /** Credit taken at acceptance is given back pro rata as the order fills or is cancelled. */
  private releaseCredit(o: SmallOrder, qty: number): void {
    if (qty > 0) this.risk.release(o.owner, o.desk, (o.notional * qty) / o.qty);
  }

  /** One side of an internal cross: its credit is released, and its parent (if it rests in one) has that much less open. */
  private crossedSide(orderId: string, qty: number, ts: number): void {
    const o = this.orders.get(orderId);
    if (!o) return;
    this.releaseCredit(o, qty);
    if (o.parentId) this.parents.adjust(o.parentId, ts, -qty, qty, 0, 0);
  }

  private applyEvent(e: EngineEvent): void {
    // Intake's three events first, each to the owners it changes by a direct call: every order
    // makes one to three of them, and the switch below tries its cases one by one.
    if (e.type === 'OrderAccepted') {
      if (!e.order.basketId) this.risk.recordMessage(e.order.owner, e.ts);
      this.risk.recordAccepted(e.order, e.order.notional, e.ts);
      this.orders.accept(e);
      return;
    }
    if (e.type === 'OrderJoinedParent') {
      this.parents.join(e, this.orders.join(e));
      return;
    }
    if (e.type === 'InternalCross') {
      this.crosses.push(e);
      this.crossNo = Math.max(this.crossNo, serialOf(e.crossId));
      this.crossedSide(e.buyOrderId, e.qty, e.ts);
      this.crossedSide(e.sellOrderId, e.qty, e.ts);
      this.orders.cross(e);
      return;
    }
    switch (e.type) {
      case 'ChildPlaced':
      case 'ChildAccepted':
      case 'ChildRejected':
      case 'ChildCancelRequested':
      case 'ChildCancelled':
      case 'ChildFilled':
        this.children.apply(e);
        this.executor?.apply(e);
        return;
      case 'StrategySet':
      case 'TrilemmaSet':
      case 'OverrideSet':
      case 'OverrideReleased':
      case 'ParentPaused':
      case 'ParentResumed':
      case 'ScheduleRecalibrated':
        this.executor?.apply(e);
        return;
      case 'OrderChangePending': {
        const o = this.orders.get(e.orderId);
        if (o?.parentId && !o.pendingChange) this.parents.adjust(o.parentId, e.ts, 0, 0, 0, 1);
        break;
      }
      case 'Allocated':
        for (const a of e.allocations) {
          const o = this.orders.get(a.orderId);
          if (!o) continue;
          this.releaseCredit(o, a.qty);
          if (o.pendingChange && o.filledQty + a.qty >= o.qty) this.parents.adjust(e.parentId, e.ts, 0, 0, 0, -1);
          this.parents.adjust(e.parentId, e.ts, -a.qty, 0, a.qty, 0);
        }
        break;
      case 'ParentCompleted':
        this.executor?.apply(e);
        break;
      case 'VenueStatusChanged':
        this.market?.setVenueStatus(e.venue, e.status);
        return;
      case 'KillSwitchSet':
      case 'RestrictedListChanged':
      case 'RiskLimitsChanged':
        this.risk.apply(e);
        return;
      case 'BasketReceived':
        this.risk.recordMessage(e.owner, e.ts);
        break;
      case 'OrderRejected':
        if (e.owner && !e.basketId) this.risk.recordMessage(e.owner, e.ts);
        break;
      case 'OrderCancelled': {
        const o = this.orders.get(e.orderId);
        if (o?.parentId && o.pendingChange) this.parents.adjust(o.parentId, e.ts, 0, 0, 0, -1);
        if (o) {
          this.releaseCredit(o, SmallOrders.open(o));
          if (o.parentId) this.parents.adjust(o.parentId, e.ts, -SmallOrders.open(o), 0, 0, 0);
        }
        break;
      }
      case 'OrderAmended': {
        const o = this.orders.get(e.orderId);
        if (o?.parentId && o.pendingChange) this.parents.adjust(o.parentId, e.ts, 0, 0, 0, -1);
        if (o && e.qty < o.qty) {
          this.releaseCredit(o, o.qty - e.qty);
          if (o.parentId) this.parents.adjust(o.parentId, e.ts, -(o.qty - e.qty), 0, 0, 0);
        }
        break;
      }
    }
    // The order an event changed tells the parents who joined (OrderJoinedParent).
    const changed = this.orders.apply(e);
    this.parents.apply(e, changed);
  }
}

const crossIdOf = serialIds('X', 7);

/**
 * A body built with `seq` and `ts` already in place (0 until commit stamps it), last so the
 * journal's field order is unchanged: stamping is then a plain store, not two new properties
 * (and a new object shape) per event. Used on the path every order takes.
 */
function unstamped<T extends EventBody>(body: T & { seq: 0; ts: 0 }): T {
  return body;
}

/** The number in an id like X0000042 (42): digit by digit, no substring per event; anything else as Number reads it. */
function serialOf(id: string): number {
  let n = 0;
  for (let i = 1; i < id.length; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(id.slice(1));
    n = n * 10 + d;
  }
  return id.length > 1 ? n : Number(id.slice(1));
}

/** Midpoint of a quote in price units, or undefined when a side is missing or the market is crossed (as SimMarket.mid). */
function midOf(q: Quote): number | undefined {
  return q.bid === undefined || q.ask === undefined || q.bid >= q.ask ? undefined : (q.bid + q.ask) / 2;
}

/** `handleAll` stopped at a command that threw: the `handled` commands before it stand. */
export class GroupInterrupted extends Error {
  constructor(
    readonly handled: number,
    cause: unknown,
  ) {
    super(`command ${handled + 1} of a group threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A journal that keeps nothing: for benchmarks of the engine alone. Recovery sees an empty journal. */
export class NullJournal implements JournalPort {
  private seq = 0;
  append(events: readonly EngineEvent[]): void {
    if (events.length) this.seq = events[events.length - 1].seq;
  }
  lastSeq(): number {
    return this.seq;
  }
  replay(): Iterable<readonly EngineEvent[]> {
    return [];
  }
}

/** A journal that keeps events in memory: for tests, benchmarks and headless runs. */
export class MemoryJournal implements JournalPort {
  readonly events: EngineEvent[] = [];
  /** Where each appended batch ends in `events` (events pushed directly after the last one count as batches of one). */
  private readonly ends: number[] = [];
  private lastBatch: number | undefined;
  append(events: readonly EngineEvent[], batch = events[0]?.seq): void {
    for (const e of events) this.events.push(e);
    // More of the same command: the batch grows.
    if (batch !== undefined && batch === this.lastBatch && this.ends.length) this.ends[this.ends.length - 1] = this.events.length;
    else this.ends.push(this.events.length);
    this.lastBatch = batch;
  }
  lastSeq(): number {
    return this.events.length ? this.events[this.events.length - 1].seq : 0;
  }
  *replay(): Iterable<readonly EngineEvent[]> {
    let from = 0;
    for (const end of this.ends) {
      if (end > from) yield this.events.slice(from, end);
      from = end;
    }
    while (from < this.events.length) yield [this.events[from++]];
  }
}
