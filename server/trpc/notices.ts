import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { EngineEvent } from '../../engine/events';
import { toDollars } from '../../engine/instruments';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import { authed, router } from './init';
import { sleep } from './sleep';

/**
 * What the desk tells one user as it happens, for their toasts: fills of their
 * own orders, their orders refused, and supervisors steering parents that hold
 * their orders. A user hears only about their own orders, whatever their role.
 */
export type Notice =
  | {
      kind: 'fill';
      orderId: string;
      symbol: string;
      side: 'buy' | 'sell';
      /** Fills (allocations and crosses) since the last message, their shares and average price in dollars. */
      fills: number;
      qty: number;
      px: number;
      /** The order after them. */
      filledQty: number;
      orderQty: number;
    }
  | { kind: 'reject'; clOrdId: string; symbol: string; side: string; qty: number; code: string; reason: string; source: string }
  | { kind: 'override'; action: 'set' | 'released' | 'paused' | 'resumed'; scope: string; target: string; by: string; reason: string };

/** A burst (a basket filling, a sweep) arrives as one message this long after its first notice. */
export const NOTICE_COALESCE_MS = 250;
/** A subscriber that stops reading keeps at most this many entries (one per order filled, each reject, each override); the oldest go first. */
const MAX_PENDING = 2_000;
/**
 * The hub keeps this many of the latest events that make notices, so a client that
 * reconnects (wsLink sends the last id it got) is told what it missed in between.
 * A busy desk's minute or so; a longer gap gets the latest of it, and the blotters hold all.
 */
export const RESUME_EVENTS = 20_000;

interface Listener {
  user: User;
  push: (n: Notice[]) => void;
}

/** Whom a run of events is turned into notices for: the users subscribed, or one reconnecting. */
interface Audience {
  has(username: string): boolean;
  users(): Iterable<User>;
}

/**
 * One engine listener per desk that turns events into notices for the users
 * subscribed to them; users with no subscriber cost a map lookup per event. From
 * its first subscriber on, it keeps the latest events that make notices (a ring of
 * RESUME_EVENTS), for subscribers that come back after a dropped connection.
 */
export class NoticeHub {
  private readonly byUser = new Map<string, Set<Listener>>();
  private listening = false;
  private readonly recent: EngineEvent[] = [];
  /** The oldest of `recent` (a ring once full). */
  private head = 0;
  private readonly live: Audience = {
    has: (username) => this.byUser.has(username),
    users: () => [...this.byUser.values()].map((set) => set.values().next().value!.user),
  };

  constructor(private readonly desk: Pick<Desk, 'engine'>) {}

  subscribe(user: User, push: (n: Notice[]) => void): () => void {
    const l: Listener = { user, push };
    let set = this.byUser.get(user.username);
    if (!set) this.byUser.set(user.username, (set = new Set()));
    set.add(l);
    if (!this.listening) this.desk.engine.onEvents((events) => this.route(events)), (this.listening = true);
    return () => {
      set.delete(l);
      if (set.size === 0) this.byUser.delete(user.username);
    };
  }

  /**
   * What `user` would have been told of events after `afterSeq`, from those the hub still
   * keeps; read in the same turn as `subscribe`, it joins the live notices without a gap or
   * an overlap (events are published whole, between turns).
   */
  missed(user: User, afterSeq: number): Notice[] {
    const n = this.recent.length;
    const since: EngineEvent[] = [];
    for (let k = 0; k < n; k++) {
      const e = this.recent[(this.head + k) % n];
      if (e.seq > afterSeq) since.push(e);
    }
    const one: Audience = { has: (username) => username === user.username, users: () => [user] };
    return this.noticesOf(since, one).get(user.username) ?? [];
  }

  private route(events: readonly EngineEvent[]): void {
    for (const e of events) if (NOTICE_EVENTS.has(e.type)) this.keep(e);
    if (this.byUser.size === 0) return;
    for (const [username, notices] of this.noticesOf(events, this.live)) for (const l of this.byUser.get(username) ?? []) l.push(notices);
  }

  private keep(e: EngineEvent): void {
    if (this.recent.length < RESUME_EVENTS) this.recent.push(e);
    else (this.recent[this.head] = e), (this.head = (this.head + 1) % RESUME_EVENTS);
  }

  private noticesOf(events: readonly EngineEvent[], audience: Audience): Map<string, Notice[]> {
    const out = new Map<string, Notice[]>();
    const add = (username: string, n: Notice) => {
      let list = out.get(username);
      if (!list) out.set(username, (list = []));
      list.push(n);
    };
    const engine = this.desk.engine;
    const fill = (orderId: string, qty: number, px: number) => {
      const o = engine.orders.get(orderId);
      if (!o || !audience.has(o.owner)) return;
      add(o.owner, { kind: 'fill', orderId, symbol: o.symbol, side: o.side, fills: 1, qty, px: toDollars(px), filledQty: o.filledQty, orderQty: o.qty });
    };
    for (const e of events) {
      switch (e.type) {
        case 'Allocated':
          for (const a of e.allocations) fill(a.orderId, a.qty, e.px);
          break;
        case 'InternalCross':
          fill(e.buyOrderId, e.qty, e.px);
          fill(e.sellOrderId, e.qty, e.px);
          break;
        case 'OrderRejected':
          if (audience.has(e.owner))
            add(e.owner, { kind: 'reject', clOrdId: e.clOrdId, symbol: e.symbol, side: String(e.side), qty: e.qty, code: e.code, reason: e.reason, source: e.source });
          break;
        case 'OverrideSet':
        case 'OverrideReleased':
          for (const username of this.steered(audience, e.scope, e.target, e.by))
            add(username, { kind: 'override', action: e.type === 'OverrideSet' ? 'set' : 'released', scope: e.scope, target: e.target, by: e.by, reason: e.reason });
          break;
        case 'ParentPaused':
        case 'ParentResumed':
          for (const username of this.steered(audience, 'parent', e.parentId, e.by))
            add(username, { kind: 'override', action: e.type === 'ParentPaused' ? 'paused' : 'resumed', scope: 'parent', target: e.parentId, by: e.by, reason: e.reason });
          break;
      }
    }
    return out;
  }

  /** The audience's users whose parents a supervisor's action steers; never the one who acted. */
  private steered(audience: Audience, scope: string, target: string, by: string): string[] {
    const users: string[] = [];
    for (const user of audience.users()) {
      const username = user.username;
      if (username === by) continue;
      if (scope === 'trader' ? target === username : scope === 'desk' ? target === user.desk : !!this.desk.engine.parents.get(target)?.owners.includes(username)) users.push(username);
    }
    return users;
  }
}

/**
 * A subscriber's notices until its next message, folded as they arrive: one
 * fill entry per order (shares added, price averaged by shares, fills counted),
 * so however big the burst, memory grows with the orders it touched and the
 * counts stay exact. Rejects and overrides are kept as they come, the newest
 * MAX_PENDING of them.
 */
export class NoticeBuffer {
  private fills = new Map<string, Extract<Notice, { kind: 'fill' }>>();
  private list: Notice[] = [];

  get size(): number {
    return this.list.length;
  }

  add(notices: readonly Notice[]): void {
    for (const n of notices) {
      if (n.kind !== 'fill') {
        this.list.push(n);
        continue;
      }
      const f = this.fills.get(n.orderId);
      if (!f) {
        const copy = { ...n };
        this.fills.set(n.orderId, copy);
        this.list.push(copy);
        continue;
      }
      f.px = (f.px * f.qty + n.px * n.qty) / (f.qty + n.qty);
      f.qty += n.qty;
      f.fills += n.fills;
      f.filledQty = Math.max(f.filledQty, n.filledQty);
    }
    if (this.list.length > MAX_PENDING) {
      const drop = this.list.splice(0, this.list.length - MAX_PENDING);
      for (const n of drop) if (n.kind === 'fill') this.fills.delete(n.orderId);
    }
  }

  /** Everything gathered, in order of first arrival; the buffer starts again empty. */
  drain(): Notice[] {
    const out = this.list;
    this.list = [];
    this.fills = new Map();
    return out;
  }
}

/** Folds a burst of notices as a subscriber's buffer does. */
export function coalesce(notices: Notice[]): Notice[] {
  const b = new NoticeBuffer();
  b.add(notices);
  return b.drain();
}

/** The events `noticesOf` makes notices of: the only ones the hub keeps for a reconnect. */
const NOTICE_EVENTS: ReadonlySet<string> = new Set<EngineEvent['type']>(['Allocated', 'InternalCross', 'OrderRejected', 'OverrideSet', 'OverrideReleased', 'ParentPaused', 'ParentResumed']);

const hubs = new WeakMap<object, NoticeHub>();
export function noticeHub(desk: Pick<Desk, 'engine'>): NoticeHub {
  let hub = hubs.get(desk.engine);
  if (!hub) hubs.set(desk.engine, (hub = new NoticeHub(desk)));
  return hub;
}

export const noticesRouter = router({
  /**
   * The signed-in user's notices, a message per burst, each tracked by the engine
   * seq it covers: after a dropped connection wsLink sends the last one, and what
   * happened in between comes first (as much of it as the hub keeps, RESUME_EVENTS).
   */
  stream: authed.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({ ctx, input, signal }) {
    const pending = new NoticeBuffer();
    let wake: (() => void) | null = null;
    const hub = noticeHub(ctx.desk);
    const off = hub.subscribe(ctx.user, (n) => {
      pending.add(n);
      wake?.();
    });
    const last = input?.lastEventId ? Number(input.lastEventId) : NaN;
    if (Number.isInteger(last)) pending.add(hub.missed(ctx.user, last));
    // At once, what was missed or nothing: either way the client holds an id to come back with,
    // even if nothing happens to this user before its connection drops.
    yield tracked(String(ctx.desk.engine.lastSeq), pending.drain());
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal?.aborted) {
        if (pending.size === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        await sleep(NOTICE_COALESCE_MS, signal);
        // Everything published so far has been routed (events are published whole, in one turn).
        yield tracked(String(ctx.desk.engine.lastSeq), pending.drain());
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      off();
    }
  }),
});
