import type { KillSwitchSet, RestrictedListChanged, RiskLimitsChanged } from '../events';

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
  /** Same owner, instrument, side and quantity within this window is a duplicate unless confirmed. */
  duplicateWindowMs: number;
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
  maxMessagesPerSecond: 50,
};

export interface RiskOrder {
  owner: string;
  desk: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  /** Limit in dollars, if any. */
  limit?: number;
  /** The caller has seen a duplicate warning and confirms the order. */
  confirmed?: boolean;
  /** A basket line: the basket was throttled as one message when it arrived. */
  inBasket?: boolean;
}

export type RiskVerdict = { ok: true } | { ok: false; rule: RiskRule; reason: string };

const fmt = (usd: number) => `$${Math.round(usd).toLocaleString('en-US')}`;

export class RiskBook {
  limits: RiskLimits;
  killAll = false;
  readonly killedUsers = new Set<string>();
  readonly killedSymbols = new Set<string>();
  readonly restricted = new Set<string>();
  private readonly userExposure = new Map<string, number>();
  private readonly deskExposure = new Map<string, number>();
  /** Message times per user for the throttle: a queue whose front is `head`. */
  private readonly messages = new Map<string, { times: number[]; head: number }>();
  /** Time of the last accepted order per duplicate key. */
  private readonly lastAccepted = new Map<string, number>();

  constructor(limits: RiskLimits = DEFAULT_LIMITS) {
    this.limits = { ...limits };
  }

  /** Checks one order; `refPx` is the reference (NBBO mid or last) in dollars. Changes nothing. */
  check(o: RiskOrder, refPx: number, now: number): RiskVerdict {
    const L = this.limits;
    if (this.killAll) return no('KILL_SWITCH', 'the desk kill switch is on: no new orders');
    if (this.killedUsers.has(o.owner)) return no('KILL_SWITCH', `the kill switch is on for ${o.owner}`);
    if (this.killedSymbols.has(o.symbol)) return no('KILL_SWITCH', `the kill switch is on for ${o.symbol}`);
    if (this.restricted.has(o.symbol)) return no('RESTRICTED', `${o.symbol} is on the restricted list`);
    if (!o.inBasket) {
      const throttled = this.throttled(o.owner, now);
      if (throttled) return throttled;
    }
    if (o.limit !== undefined) {
      const through = ((o.limit - refPx) / refPx) * 10_000 * (o.side === 'buy' ? 1 : -1);
      if (through > L.collarBps)
        return no('PRICE_COLLAR', `limit ${o.limit} is ${Math.round(through)} bps through the reference ${refPx.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}; the collar is ${L.collarBps} bps`);
    }
    if (o.qty > L.maxOrderQty) return no('MAX_QTY', `quantity ${o.qty.toLocaleString('en-US')} exceeds the ${L.maxOrderQty.toLocaleString('en-US')} share order limit`);
    const notional = o.qty * (o.limit ?? refPx);
    if (notional > L.maxOrderNotional) return no('MAX_NOTIONAL', `notional ${fmt(notional)} exceeds the ${fmt(L.maxOrderNotional)} order limit`);
    const user = (this.userExposure.get(o.owner) ?? 0) + notional;
    if (user > L.creditPerUser) return no('CREDIT_USER', `${o.owner}'s open notional would be ${fmt(user)}, over the ${fmt(L.creditPerUser)} credit limit`);
    const desk = (this.deskExposure.get(o.desk) ?? 0) + notional;
    if (desk > L.creditPerDesk) return no('CREDIT_DESK', `desk ${o.desk}'s open notional would be ${fmt(desk)}, over the ${fmt(L.creditPerDesk)} credit limit`);
    if (!o.confirmed) {
      const last = this.lastAccepted.get(dupKey(o));
      if (last !== undefined && last > now - L.duplicateWindowMs)
        return no('DUPLICATE', `same ${o.side} ${o.qty} ${o.symbol} by ${o.owner} ${Math.round((now - last) / 1000)} s ago; confirm to send it anyway`);
    }
    return { ok: true };
  }

  /** The throttle alone: a THROTTLE verdict when the owner is over the message rate. */
  throttled(owner: string, now: number): RiskVerdict | undefined {
    const sent = this.messagesInLastSecond(owner, now);
    return sent >= this.limits.maxMessagesPerSecond ? no('THROTTLE', `${owner} sent ${sent} messages in the last second; the limit is ${this.limits.maxMessagesPerSecond}`) : undefined;
  }

  private messagesInLastSecond(owner: string, now: number): number {
    const q = this.messages.get(owner);
    if (!q) return 0;
    while (q.head < q.times.length && q.times[q.head] <= now - 1000) q.head++;
    return q.times.length - q.head;
  }

  /** Applies a supervisor's journaled change of switches, list or limits. */
  apply(e: KillSwitchSet | RestrictedListChanged | RiskLimitsChanged): void {
    if (e.type === 'RiskLimitsChanged') this.limits = { ...e.limits };
    else if (e.type === 'RestrictedListChanged') e.restricted ? this.restricted.add(e.symbol) : this.restricted.delete(e.symbol);
    else if (e.scope === 'desk') this.killAll = e.on;
    else {
      const set = e.scope === 'user' ? this.killedUsers : this.killedSymbols;
      e.on ? set.add(e.target) : set.delete(e.target);
    }
  }

  /** Every submit attempt counts toward the throttle, accepted or not. */
  recordMessage(owner: string, now: number): void {
    let q = this.messages.get(owner);
    if (!q) this.messages.set(owner, (q = { times: [], head: 0 }));
    q.times.push(now);
    this.messagesInLastSecond(owner, now);
    if (q.head > 1024 && q.head * 2 > q.times.length) {
      q.times = q.times.slice(q.head);
      q.head = 0;
    }
  }

  /** An accepted order: its notional now counts against credit, and it can be duplicated. */
  recordAccepted(o: RiskOrder, notional: number, now: number): void {
    this.userExposure.set(o.owner, (this.userExposure.get(o.owner) ?? 0) + notional);
    this.deskExposure.set(o.desk, (this.deskExposure.get(o.desk) ?? 0) + notional);
    this.lastAccepted.set(dupKey(o), now);
  }

  /** Notional released by a cancel or a fill. */
  release(owner: string, desk: string, notional: number): void {
    this.userExposure.set(owner, Math.max(0, (this.userExposure.get(owner) ?? 0) - notional));
    this.deskExposure.set(desk, Math.max(0, (this.deskExposure.get(desk) ?? 0) - notional));
  }

  exposure(owner: string, desk: string): { user: number; desk: number } {
    return { user: this.userExposure.get(owner) ?? 0, desk: this.deskExposure.get(desk) ?? 0 };
  }
}

const no = (rule: RiskRule, reason: string): RiskVerdict => ({ ok: false, rule, reason });
const dupKey = (o: RiskOrder) => `${o.owner}|${o.symbol}|${o.side}|${o.qty}`;
