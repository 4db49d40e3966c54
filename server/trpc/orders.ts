import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { User } from '../auth/users';
import { toOrderRow, type OrderRow } from '../desk';
import { allow, authed, router } from './init';
import { rowSubscription } from './rowSubscription';
import { parseBasketCsv } from '../intake/basket';

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

export interface BasketReport {
  basketId: string;
  name: string;
  accepted: number;
  rejected: number;
  /** About the file as a whole (e.g. ignored columns). */
  warnings: string[];
  lines: Array<
    | { line: number; status: 'accepted'; clOrdId: string; orderId: string }
    | { line: number; status: 'rejected'; clOrdId: string; code: string; reason: string }
    | { line: number; status: 'unreadable'; reason: string }
  >;
}

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

  /**
   * Basket upload: CSV text, validated line by line. Unreadable lines are reported
   * with their line number; the rest go to the engine as one basket (one message
   * for the throttle) and each gets its own verdict.
   */
  uploadBasket: allow(['trader', 'supervisor'], 'upload baskets')
    .input(z.object({ name: z.string().trim().min(1).max(80).default('basket'), csv: z.string().min(1, 'the file is empty').max(1_000_000, 'a basket file is at most 1 MB') }))
    .mutation(({ ctx, input }): BasketReport => {
      const basketId = `B-${randomBytes(4).toString('hex')}`;
      const { lines, errors, warnings } = parseBasketCsv(input.csv, basketId);
      const report: BasketReport = { basketId, name: input.name, accepted: 0, rejected: 0, warnings, lines: errors.map((e) => ({ line: e.line, status: 'unreadable' as const, reason: e.reason })) };
      if (lines.length) {
        const r = ctx.desk.engine.handle({
          type: 'SubmitBasket',
          basketId,
          name: input.name,
          owner: ctx.user.username,
          desk: ctx.user.desk,
          lines: lines.map(({ line: _, ...order }) => order),
        });
        if (!r.ok) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: r.reason });
        // Verdicts come back in line order: one OrderAccepted or OrderRejected per line.
        const verdicts = r.events.filter((e) => e.type === 'OrderAccepted' || e.type === 'OrderRejected');
        lines.forEach((l, i) => {
          const v = verdicts[i];
          if (v?.type === 'OrderAccepted') report.lines.push({ line: l.line, status: 'accepted', clOrdId: l.clOrdId, orderId: v.order.orderId });
          else if (v?.type === 'OrderRejected') report.lines.push({ line: l.line, status: 'rejected', clOrdId: l.clOrdId, code: v.code, reason: v.reason });
        });
      }
      report.lines.sort((a, b) => a.line - b.line);
      report.accepted = report.lines.filter((l) => l.status === 'accepted').length;
      report.rejected = report.lines.length - report.accepted;
      return report;
    }),

  /** Reduce quantity and/or change the limit of a working order (null removes the limit). */
  amend: allow(['trader', 'supervisor'], 'amend orders')
    .input(z.object({ orderId: z.string().min(1).max(32), qty: z.number().optional(), limitPrice: z.number().nullable().optional() }))
    .mutation(({ ctx, input }) => {
      const order = ctx.desk.engine.orders.get(input.orderId);
      if (order && !canSee(ctx.user)(order)) throw new TRPCError({ code: 'FORBIDDEN', message: `order ${input.orderId} belongs to another trader` });
      const r = ctx.desk.engine.handle({ type: 'AmendOrder', ...input, by: ctx.user.username });
      return r.ok ? { amended: true as const } : { amended: false as const, reason: r.reason };
    }),

  list: authed.query(({ ctx }) => {
    const visible = canSee(ctx.user);
    return { seq: ctx.desk.engine.lastSeq, rows: [...ctx.desk.engine.orders.all()].map(toOrderRow).filter(visible) };
  }),

  /** Snapshot, then conflated deltas; resumes from the last seen sequence number on reconnect. */
  stream: rowSubscription((desk) => desk.orders, (_desk, user) => canSee(user)),
});
