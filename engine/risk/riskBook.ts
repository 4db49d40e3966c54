import type { KillSwitchSet, RestrictedListChanged, RiskLimitsChanged } from '../events';
import { PRICE_SCALE } from '../instruments';
import { KeyTimes } from './keyTimes';

/**
 * Pre-trade risk between intake and aggregation (SEC Rule 15c3-5; FIA guidance):
 * kill switches, restricted list, price collar, per-order size and notional,
 * aggregate credit per user and per desk, duplicate detection and a message
 * throttle. Each reject names its rule.
 *
 * RiskBook owns the exposure and rate state. It changes only through `record*`
 * calls made from applied events, so replaying the journal rebuilds it exactly.
 */
export type RiskRule =
  | 'KILL_SWITCH'
  | 'RESTRICTED'
  | 'PRICE_COLLAR'
  | 'MAX_QTY'
  | 'MAX_NOTIONAL'
  | 'CREDIT_USER'
  | 'CREDIT_DESK'
  | 'DUPLICATE'
  | 'THROTTLE';

export interface RiskLimits {
  /** Largest single order, shares. */
  maxOrderQty: number;
  /** Largest single order notional, dollars. */
  maxOrderNotional: number;
  /** Open notional a user may have working, dollars. */
  creditPerUser: number;
  /** Open notional a desk may have working, dollars. */
  creditPerDesk: number;
  /** How far through the reference price a limit may be, bps (a fat-finger guard). */
  collarBps: number;
  /** Same owner, instrument, side and quantity within this window is a duplicate unless confirmed (ticket, API and basket orders). */
  duplicateWindowMs: number;
  /**
   * The same window for orders from FIX sessions; 0 turns the rule off for them. An OMS
   * cannot confirm a warning, and its algorithms send the same size again within seconds as
   * a matter of course; its repeats are caught by ClOrdID (unique per session for the life of
   * the journal) and by PossDup/PossResend handling instead.
   */
  duplicateWindowFixMs: number;
  /** Most order messages a user may send per second of engine time. */
  maxMessagesPerSecond: number;
}

export const DEFAULT_LIMITS: RiskLimits = {
  maxOrderQty: 500_000,
  maxOrderNotional: 25_000_000,
  creditPerUser: 100_000_000,
  creditPerDesk: 250_000_000,
  collarBps: 500,
  duplicateWindowMs: 5_000,
  duplicateWindowFixMs: 0,
  maxMessagesPerSecond: 50,
};

/** The limits whose 0 turns their rule off; every other limit must be above zero. */
export const LIMITS_OFF_AT_ZERO: ReadonlySet<string> = new Set<keyof RiskLimits>(['duplicateWindowFixMs']);

/** What risk reads of an order: the engine's normalized order or an accepted one, as they are. */
export interface RiskOrder {
  owner: string;
  desk: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  /** Where the order came from: FIX flow has its own duplicate window. */
  source: string;
  /** Limit in price units (see instruments.ts), if any. */
  limitPx?: number;
  /** Set on a basket line: the basket was throttled as one message when it arrived. */
  basketId?: string;
}

export type RiskVerdict = { ok: true } | { ok: false; rule: RiskRule; reason: string };

const fmt = (usd: number) => `$${Math.round(usd).toLocaleString('en-US')}`;

/** What risk remembers per user; one lookup finds all of it. */
interface UserRisk {
  /** Open notional: credit in use, dollars. */
  exposure: number;
  /** Message times for the throttle: a queue whose front is `head`. */
  times: number[];
  head: number;
  /**
   * Time of the last accepted order per instrument, side and quantity (the duplicate key,
   * `duplicateKey`): every accepted order is recorded, so a table of numbers rather than
   * maps of maps or composite strings (keyTimes.ts). Swept of keys older than the window at
   * most once a window (`sweptAt`), so it holds what the window can still see, not every
   * key the user ever sent.
   */
  recent: KeyTimes;
  sweptAt: number;
}

/** What risk remembers per desk. An object rather than a number in the map: updated in place, nothing to allocate per order. */
interface DeskRisk {
  exposure: number;
}

export class RiskBook {
  limits: RiskLimits;
  killAll = false;
  readonly killedUsers = new Set<string>();
  readonly killedSymbols = new Set<string>();
  readonly restricted = new Set<string>();
  private readonly users = new Map<string, UserRisk>();
  private readonly desks = new Map<string, DeskRisk>();
  /** Instruments by number, in order of first acceptance: part of the duplicate key. */
  private readonly symbolNos = new Map<string, number>();
  /**
   * The last user and desk looked up: every order is checked, counted as a message and
   * recorded as accepted, each a lookup of the same owner and desk, so one in three hashes.
   */
  private lastOwner: string | undefined;
  private lastUser: UserRisk | undefined;
  private lastDeskName: string | undefined;
  private lastDesk: DeskRisk | undefined;

  constructor(limits: RiskLimits = DEFAULT_LIMITS) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * Checks one order; `refPx` is the reference (NBBO mid or last) in dollars; `confirmed`:
   * the sender has seen a duplicate warning and sends it anyway. Changes nothing.
   */
  check(o: RiskOrder, refPx: number, now: number, confirmed = false): RiskVerdict {
    const L = this.limits;
    const limit = o.limitPx === undefined ? undefined : o.limitPx / PRICE_SCALE;
    if (this.killAll) return no('KILL_SWITCH', 'the desk kill switch is on: no new orders');
    // Mostly empty: a size is read where a lookup would hash.
    if (this.killedUsers.size && this.killedUsers.has(o.owner)) return no('KILL_SWITCH', `the kill switch is on for ${o.owner}`);
    if (this.killedSymbols.size && this.killedSymbols.has(o.symbol)) return no('KILL_SWITCH', `the kill switch is on for ${o.symbol}`);
    if (this.restricted.size && this.restricted.has(o.symbol)) return no('RESTRICTED', `${o.symbol} is on the restricted list`);
    const u = this.userIfAny(o.owner);
    if (o.basketId === undefined) {
      const throttled = this.throttle(o.owner, u, now);
      if (throttled) return throttled;
    }
    if (limit !== undefined) {
      const through = ((limit - refPx) / refPx) * 10_000 * (o.side === 'buy' ? 1 : -1);
      if (through > L.collarBps)
        return no('PRICE_COLLAR', `limit ${limit} is ${Math.round(through)} bps through the reference ${refPx.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}; the collar is ${L.collarBps} bps`);
    }
    if (o.qty > L.maxOrderQty) return no('MAX_QTY', `quantity ${o.qty.toLocaleString('en-US')} exceeds the ${L.maxOrderQty.toLocaleString('en-US')} share order limit`);
    const notional = o.qty * (limit ?? refPx);
    if (notional > L.maxOrderNotional) return no('MAX_NOTIONAL', `notional ${fmt(notional)} exceeds the ${fmt(L.maxOrderNotional)} order limit`);
    const user = (u?.exposure ?? 0) + notional;
    if (user > L.creditPerUser) return no('CREDIT_USER', `${o.owner}'s open notional would be ${fmt(user)}, over the ${fmt(L.creditPerUser)} credit limit`);
    const desk = (this.deskIfAny(o.desk)?.exposure ?? 0) + notional;
    if (desk > L.creditPerDesk) return no('CREDIT_DESK', `desk ${o.desk}'s open notional would be ${fmt(desk)}, over the ${fmt(L.creditPerDesk)} credit limit`);
    const window = o.source === 'fix' ? L.duplicateWindowFixMs : L.duplicateWindowMs;
    if (!confirmed && window > 0) {
      const symbolNo = this.symbolNos.get(o.symbol);
      const last = u && symbolNo !== undefined ? u.recent.get(duplicateKey(symbolNo, o.side, o.qty)) : undefined;
      if (last !== undefined && last > now - window) {
        const ago = `${Math.round((now - last) / 1000)} s ago`;
        return no('DUPLICATE', o.source === 'fix' ? `same ${o.side} ${o.qty} ${o.symbol} by ${o.owner} ${ago}, inside the ${window.toLocaleString('en-US')} ms duplicate window for FIX flow` : `same ${o.side} ${o.qty} ${o.symbol} by ${o.owner} ${ago}; confirm to send it anyway`);
      }
    }
    return PASS;
  }

  /** The throttle alone: a THROTTLE verdict when the owner is over the message rate. */
  throttled(owner: string, now: number): RiskVerdict | undefined {
    return this.throttle(owner, this.users.get(owner), now);
  }

  private throttle(owner: string, u: UserRisk | undefined, now: number): RiskVerdict | undefined {
    const sent = u ? messagesInLastSecond(u, now) : 0;
    return sent >= this.limits.maxMessagesPerSecond ? no('THROTTLE', `${owner} sent ${sent} messages in the last second; the limit is ${this.limits.maxMessagesPerSecond}`) : undefined;
  }

  /** Applies a supervisor's journaled change of switches, list or limits. */
  apply(e: KillSwitchSet | RestrictedListChanged | RiskLimitsChanged): void {
    // Over the limits in force: a change journaled before a limit existed leaves that limit as it was.
    if (e.type === 'RiskLimitsChanged') this.limits = { ...this.limits, ...e.limits };
    else if (e.type === 'RestrictedListChanged') e.restricted ? this.restricted.add(e.symbol) : this.restricted.delete(e.symbol);
    else if (e.scope === 'desk') this.killAll = e.on;
    else {
      const set = e.scope === 'user' ? this.killedUsers : this.killedSymbols;
      e.on ? set.add(e.target) : set.delete(e.target);
    }
  }

  /** Every submit attempt counts toward the throttle, accepted or not. */
  recordMessage(owner: string, now: number): void {
    const u = this.user(owner);
    u.times.push(now);
    messagesInLastSecond(u, now);
    if (u.head > 1024 && u.head * 2 > u.times.length) {
      u.times = u.times.slice(u.head);
      u.head = 0;
    }
  }

  /** An accepted order: its notional now counts against credit, and it can be duplicated. */
  recordAccepted(o: RiskOrder, notional: number, now: number): void {
    const u = this.user(o.owner);
    u.exposure += notional;
    this.desk(o.desk).exposure += notional;
    // The longer of the two windows: a user's keys serve both their FIX and their other flow.
    const window = Math.max(this.limits.duplicateWindowMs, this.limits.duplicateWindowFixMs);
    if (now - u.sweptAt >= window) {
      // No order after the cutoff can be a duplicate of these. (A window lengthened later does not bring them back.)
      u.recent.forgetAtOrBefore(now - window);
      u.sweptAt = now;
    }
    let symbolNo = this.symbolNos.get(o.symbol);
    if (symbolNo === undefined) this.symbolNos.set(o.symbol, (symbolNo = this.symbolNos.size));
    u.recent.set(duplicateKey(symbolNo, o.side, o.qty), now);
  }

  /** Notional released by a cancel or a fill. */
  release(owner: string, desk: string, notional: number): void {
    const u = this.user(owner);
    u.exposure = Math.max(0, u.exposure - notional);
    const d = this.desk(desk);
    d.exposure = Math.max(0, d.exposure - notional);
  }

  exposure(owner: string, desk: string): { user: number; desk: number } {
    return { user: this.users.get(owner)?.exposure ?? 0, desk: this.desks.get(desk)?.exposure ?? 0 };
  }

  /** How many duplicate keys (instrument, side, quantity) risk remembers for `owner`: what the window can still see, and what came since the last sweep. */
  duplicateKeys(owner: string): number {
    return this.users.get(owner)?.recent.size ?? 0;
  }

  private userIfAny(owner: string): UserRisk | undefined {
    if (owner === this.lastOwner) return this.lastUser;
    const u = this.users.get(owner);
    if (u) (this.lastOwner = owner), (this.lastUser = u);
    return u;
  }

  private user(owner: string): UserRisk {
    let u = this.userIfAny(owner);
    if (!u) this.users.set(owner, (u = { exposure: 0, times: [], head: 0, recent: new KeyTimes(), sweptAt: -Infinity }));
    return u;
  }

  private deskIfAny(desk: string): DeskRisk | undefined {
    if (desk === this.lastDeskName) return this.lastDesk;
    const d = this.desks.get(desk);
    if (d) (this.lastDeskName = desk), (this.lastDesk = d);
    return d;
  }

  private desk(desk: string): DeskRisk {
    let d = this.deskIfAny(desk);
    if (!d) this.desks.set(desk, (d = { exposure: 0 }));
    return d;
  }
}

/**
 * The duplicate key of an instrument (numbered in order of first acceptance), side and
 * quantity, as one whole number: quantities are whole shares below 2^32 (validate.ts caps
 * them at 10^9), which leaves 2^21 instrument-and-side slots below 2^53.
 */
function duplicateKey(symbolNo: number, side: 'buy' | 'sell', qty: number): number {
  return qty * 2 ** 21 + symbolNo * 2 + (side === 'buy' ? 0 : 1);
}

/** Drops messages older than a second from the front of the queue; returns how many are left. */
function messagesInLastSecond(u: UserRisk, now: number): number {
  while (u.head < u.times.length && u.times[u.head] <= now - 1000) u.head++;
  return u.times.length - u.head;
}

const no = (rule: RiskRule, reason: string): RiskVerdict => ({ ok: false, rule, reason });
/** Every passing order gets the same verdict: nothing to allocate on the common path. */
const PASS: RiskVerdict = Object.freeze({ ok: true });
