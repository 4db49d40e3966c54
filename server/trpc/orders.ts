import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { User } from '../auth/users';
import { toOrderRow, type OrderRow } from '../desk';
import { allow, authed, router } from './init';

/** Which orders a user may see: traders their own, supervisors and compliance all. */
export const canSee = (user: User) => (row: { owner: string }) => user.role !== 'trader' || row.owner === user.username;

// Shape only; the engine judges the domain rules (tick, lot, instrument…) and says why.
export const submitInput = z.object({
  clOrdId: z.string().min(1, 'client order id is required').max(64, 'client order id is at most 64 characters'),
  symbol: z.string().min(1, 'symbol is required').max(16),
  side: z.enum(['buy', 'sell'], { error: 'side must be buy or sell' }),
  qty: z.number({ error: 'quantity must be a number' }),
  limitPrice: z.number({ error: 'limit price must be a number' }).optional(),
  urgency: z.enum(['low', 'medium', 'high', 'critical'], { error: 'urgency must be low, medium, high or critical' }).default('medium'),
  source: z.enum(['ticket', 'api']).default('api'),
  /** Send even though pre-trade risk flagged it as a duplicate. */
  confirmed: z.boolean().optional(),
});

export type SubmitResult =
  | { accepted: true; orderId: string; seq: number; order: OrderRow }
  | { accepted: false; code: string; reason: string };

export const ordersRouter = router({
  submit: allow(['trader', 'supervisor'], 'submit orders')
    .input(submitInput)
    .mutation(({ ctx, input }): SubmitResult => {
      const result = ctx.desk.engine.handle({
        type: 'SubmitOrder',
        ...input,
        owner: ctx.user.username,
        desk: ctx.user.desk,
      });
      const e = result.events[0];
      if (result.ok && e.type === 'OrderAccepted') {
        const order = ctx.desk.engine.orders.get(e.order.orderId)!;
        return { accepted: true, orderId: order.orderId, seq: e.seq, order: toOrderRow(order) };
      }
      return { accepted: false, code: e?.type === 'OrderRejected' ? e.code : 'REJECTED', reason: !result.ok ? result.reason : 'rejected' };
    }),

  cancel: allow(['trader', 'supervisor'], 'cancel orders')
    .input(z.object({ orderId: z.string().min(1).max(32), reason: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => {
      const order = ctx.desk.engine.orders.get(input.orderId);
      // A trader may not learn whether someone else's order exists.
      if (order && !canSee(ctx.user)(order))
        throw new TRPCError({ code: 'FORBIDDEN', message: `order ${input.orderId} belongs to another trader` });
      const result = ctx.desk.engine.handle({ type: 'CancelOrder', orderId: input.orderId, by: ctx.user.username, reason: input.reason });
      return result.ok ? { cancelled: true as const } : { cancelled: false as const, reason: result.reason };
    }),

  list: authed.query(({ ctx }) => {
    const visible = canSee(ctx.user);
    return { seq: ctx.desk.engine.lastSeq, rows: [...ctx.desk.engine.orders.all()].map(toOrderRow).filter(visible) };
  }),

  /** Snapshot, then conflated deltas; resumes from the last seen sequence number on reconnect. */
  stream: authed
    .input(z.object({ lastEventId: z.string().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const last = input?.lastEventId ? Number(input.lastEventId) : undefined;
      for await (const msg of ctx.desk.orders.subscribe({
        visible: canSee(ctx.user),
        lastSeq: Number.isInteger(last) ? last : undefined,
        signal,
      })) {
        yield tracked(String(msg.seq), msg);
      }
    }),
});
