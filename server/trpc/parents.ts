import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { toDollars } from '../../engine/instruments';
import { toChildRow, toOrderRow, toParentRow, type ParentRow } from '../desk';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import { allow, authed, router } from './init';
import { rowSubscription } from './rowSubscription';
import { SmallOrders } from '../../engine/orders/smallOrders';
import { ROUTING_LOGICS, type RoutingLogic } from '../../engine/routing/router';
import { canSee } from './orders';

/** Traders see the parents that hold at least one of their orders; supervisors and viewers all. */
export const canSeeParent = (user: User) => (row: Pick<ParentRow, 'owners'>) => user.role !== 'trader' || row.owners.includes(user.username);

const reason = z.string().trim().min(1, 'a reason is required').max(200);
const weight = z.number().min(0).max(1);
const point = z.object({ impact: weight, risk: weight, completion: weight });
const urgency = z.enum(['low', 'medium', 'high', 'critical']);

const verdict = (r: { ok: boolean; reason?: string }) => (r.ok ? { changed: true as const } : { changed: false as const, reason: r.reason! });

/** The parent, if this user may see it: a trader only parents holding one of their orders. */
export function visibleParent(desk: Desk, user: User, parentId: string) {
  const parent = desk.engine.parents.get(parentId);
  if (!parent) throw new TRPCError({ code: 'NOT_FOUND', message: `no parent ${parentId}` });
  if (user.role === 'trader' && !parent.owners.includes(user.username)) throw new TRPCError({ code: 'FORBIDDEN', message: `parent ${parentId} holds none of your orders` });
  return parent;
}

/** Steering a parent: a supervisor may steer any; a trader only one that holds their orders. */
function ownParent(desk: Desk, user: User, parentId: string) {
  return visibleParent(desk, user, parentId);
}

export interface CrossRow {
  crossId: string;
  ts: number;
  symbol: string;
  qty: number;
  px: number;
  buyOrderId: string;
  sellOrderId: string;
  spreadSaved: number;
  feesSaved: number;
}

export const parentsRouter = router({
  /** Snapshot, then conflated deltas of parent rows; resumes from the last sequence number. */
  stream: rowSubscription((desk) => desk.parents, (_desk, user) => canSeeParent(user)),

  /**
   * Everything the parent detail page shows: the row, its constituents (a trader
   * sees only their own), the plan and planned cumulative schedule, actual fills,
   * the market's VWAP by minute, recent children and changes of course.
   */
  detail: authed.input(z.object({ parentId: z.string().min(1).max(32) })).query(({ ctx, input }) => {
    const { engine } = ctx.desk;
    const parent = visibleParent(ctx.desk, ctx.user, input.parentId);
    const orders = parent.orderIds.map((id) => engine.orders.get(id)!);
    const visible = canSee(ctx.user);
    const ex = engine.executor;
    const c = ex?.curve(parent.parentId);
    const total = parent.filled + parent.crossed + parent.open;
    const schedule = c
      ? c.curve.map((f, j) => ({ t: c.plan.startAt + ((c.plan.endAt - c.plan.startAt) * j) / (c.curve.length - 1), planned: Math.round(f * total) }))
      : [];
    let cum = 0;
    const fills = (ex?.fills(parent.parentId) ?? []).map((f) => ((cum += f.qty), { t: f.ts, qty: f.qty, px: toDollars(f.px), cumulative: cum }));
    const bars = engine.market?.stats(parent.symbol)?.bars ?? [];
    const from = (c?.plan.startAt ?? parent.createdAt) - 10 * 60_000;
    const children = [...engine.children.all()].filter((x) => x.parentId === parent.parentId).slice(-100).reverse();
    return {
      parentId: parent.parentId,
      reason: parent.reason,
      key: parent.key,
      row: toParentRow(parent, engine),
      now: engine.now(),
      plan: c?.plan ?? null,
      schedule,
      fills,
      marketVwap: bars.filter((b) => b.t >= from).map((b) => ({ t: b.t, vwap: toDollars(b.vwap) })),
      children: children.map(toChildRow),
      recalibrations: [...(ex?.recalibrations(parent.parentId) ?? [])].slice(-50).reverse().map((r) => ({ ts: r.ts, action: r.action, reason: r.reason, behind: r.behind, behindPct: r.behindPct })),
      traderPoint: ex?.traderPoint(parent.parentId) ?? null,
      orders: orders.filter(visible).map(toOrderRow),
      hiddenOrders: orders.filter((o) => !visible(o)).length,
      openOrders: orders.filter((o) => SmallOrders.open(o) > 0).length,
    };
  }),

  /** The trader (on a parent holding their orders) or a supervisor sets how it is worked. */
  setStrategy: allow(['trader', 'supervisor'], 'change a strategy')
    .input(
      z.object({
        parentId: z.string().min(1).max(32),
        strategy: z.enum(['twap', 'vwap', 'pov', 'is']).optional(),
        startAt: z.number().optional(),
        endAt: z.number().optional(),
        minSlice: z.number().int().positive().optional(),
        maxSlice: z.number().int().positive().optional(),
        endOfWindow: z.enum(['finish', 'leave']).nullable().optional(),
        povRate: z.number().gt(0).lt(1).optional(),
        /** The smart order router's logic; null hands the choice back to the trilemma point. */
        routing: z.enum(ROUTING_LOGICS as [RoutingLogic, ...RoutingLogic[]], { error: 'routing must be sequential, parallel or seeking' }).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ownParent(ctx.desk, ctx.user, input.parentId);
      return verdict(ctx.desk.engine.handle({ type: 'SetStrategy', ...input, by: ctx.user.username }));
    }),

  /** The trader's point on the trilemma (or an urgency preset); a supervisor's override still wins. */
  setTrilemma: allow(['trader', 'supervisor'], 'change a trilemma point')
    .input(z.object({ parentId: z.string().min(1).max(32), point: point.optional(), urgency: urgency.optional() }))
    .mutation(({ ctx, input }) => {
      ownParent(ctx.desk, ctx.user, input.parentId);
      return verdict(ctx.desk.engine.handle({ type: 'SetTrilemma', ...input, by: ctx.user.username }));
    }),

  /** Supervisor: override the point of a parent, every parent of a trader, or a desk, with a reason. */
  override: allow(['supervisor'], 'override urgency')
    .input(z.object({ scope: z.enum(['parent', 'trader', 'desk']), target: z.string().min(1).max(64), point: point.optional(), urgency: urgency.optional(), reason }))
    .mutation(({ ctx, input }) => verdict(ctx.desk.engine.handle({ type: 'SetOverride', ...input, by: ctx.user.username }))),

  releaseOverride: allow(['supervisor'], 'release an override')
    .input(z.object({ scope: z.enum(['parent', 'trader', 'desk']), target: z.string().min(1).max(64), reason }))
    .mutation(({ ctx, input }) => verdict(ctx.desk.engine.handle({ type: 'ReleaseOverride', ...input, by: ctx.user.username }))),

  /** Overrides in force, for the supervisor page and the trader's banner. */
  overrides: authed.query(({ ctx }) => ctx.desk.engine.executor?.allOverrides().map((o) => ({ ...o })) ?? []),

  pause: allow(['supervisor'], 'pause a parent')
    .input(z.object({ parentId: z.string().min(1).max(32), reason }))
    .mutation(({ ctx, input }) => verdict(ctx.desk.engine.handle({ type: 'PauseParent', ...input, by: ctx.user.username }))),

  resume: allow(['supervisor'], 'resume a parent')
    .input(z.object({ parentId: z.string().min(1).max(32), reason }))
    .mutation(({ ctx, input }) => verdict(ctx.desk.engine.handle({ type: 'ResumeParent', ...input, by: ctx.user.username }))),

  cancel: allow(['supervisor'], 'cancel a parent')
    .input(z.object({ parentId: z.string().min(1).max(32), reason }))
    .mutation(({ ctx, input }) => verdict(ctx.desk.engine.handle({ type: 'CancelParent', ...input, by: ctx.user.username }))),

  /** Internal crosses, newest first; a trader sees those with one of their orders on either side. */
  crosses: authed.input(z.object({ symbol: z.string().max(16).optional(), limit: z.number().int().min(1).max(1000).default(200) }).optional()).query(({ ctx, input }): CrossRow[] => {
    const visible = canSee(ctx.user);
    const orders = ctx.desk.engine.orders;
    return ctx.desk.engine.crosses
      .filter((x) => (!input?.symbol || x.symbol === input.symbol) && [x.buyOrderId, x.sellOrderId].some((id) => visible(orders.get(id)!)))
      .slice(-(input?.limit ?? 200))
      .reverse()
      .map((x) => ({ crossId: x.crossId, ts: x.ts, symbol: x.symbol, qty: x.qty, px: toDollars(x.px), buyOrderId: x.buyOrderId, sellOrderId: x.sellOrderId, spreadSaved: x.spreadSaved, feesSaved: x.feesSaved }));
  }),
});
