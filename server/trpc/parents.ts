import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { toDollars } from '../../engine/instruments';
import { toOrderRow, type ParentRow } from '../desk';
import type { User } from '../auth/users';
import { authed, router } from './init';
import { canSee } from './orders';

/** Traders see the parents that hold at least one of their orders; supervisors and viewers all. */
const canSeeParent = (user: User) => (row: ParentRow) => user.role !== 'trader' || row.owners.includes(user.username);

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
  stream: authed.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({ ctx, input, signal }) {
    const last = input?.lastEventId ? Number(input.lastEventId) : undefined;
    for await (const msg of ctx.desk.parents.subscribe({ visible: canSeeParent(ctx.user), lastSeq: Number.isInteger(last) ? last : undefined, signal })) {
      yield tracked(String(msg.seq), msg);
    }
  }),

  /** A parent's constituent small orders (a trader sees only their own among them) and its grouping reason. */
  detail: authed.input(z.object({ parentId: z.string().min(1).max(32) })).query(({ ctx, input }) => {
    const parent = ctx.desk.engine.parents.get(input.parentId);
    if (!parent) throw new TRPCError({ code: 'NOT_FOUND', message: `no parent ${input.parentId}` });
    const orders = parent.orderIds.map((id) => ctx.desk.engine.orders.get(id)!);
    const visible = canSee(ctx.user);
    if (!orders.some(visible)) throw new TRPCError({ code: 'FORBIDDEN', message: `parent ${input.parentId} holds none of your orders` });
    return { parentId: parent.parentId, reason: parent.reason, key: parent.key, orders: orders.filter(visible).map(toOrderRow), hiddenOrders: orders.filter((o) => !visible(o)).length };
  }),

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
