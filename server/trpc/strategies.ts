import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { SESSION_MS } from '../../engine/market/profile';
import { preview } from '../../engine/strategies/preview';
import { URGENCY_PRESETS, validatePoint } from '../../engine/strategies/trilemma';
import { authed, router } from './init';

const point = z.object({ impact: z.number(), risk: z.number(), completion: z.number() });

export const strategiesRouter = router({
  /**
   * Pre-trade preview for a hypothetical order: the planned schedule, its expected
   * cost and risk (Almgren–Chriss, calibrated from the instrument and the live
   * NBBO), and for Implementation Shortfall the efficient frontier.
   */
  preview: authed
    .input(
      z.object({
        symbol: z.string().min(1).max(16),
        qty: z.number().int().positive(),
        strategy: z.enum(['twap', 'vwap', 'pov', 'is']),
        /** Window, minutes after the open; defaults to the rest of the session from now. */
        startMinute: z.number().min(0).max(390).optional(),
        minutes: z.number().positive().max(390).optional(),
        periods: z.number().int().min(1).max(390).default(13),
        urgency: z.enum(['low', 'medium', 'high', 'critical']).optional(),
        point: point.optional(),
        rate: z.number().positive().max(1).optional(),
      }),
    )
    .query(({ ctx, input }) => {
      const engine = ctx.desk.engine;
      const inst = engine.instruments.get(input.symbol);
      if (!inst) throw new TRPCError({ code: 'BAD_REQUEST', message: `unknown instrument "${input.symbol}"` });
      if (input.qty % inst.lot !== 0) throw new TRPCError({ code: 'BAD_REQUEST', message: `quantity ${input.qty} is not a multiple of the ${inst.symbol} lot of ${inst.lot}` });
      const p = input.point ?? URGENCY_PRESETS[input.urgency ?? 'medium'];
      const bad = validatePoint(p);
      if (bad) throw new TRPCError({ code: 'BAD_REQUEST', message: bad });
      const market = engine.market;
      const q = market?.nbbo(inst.symbol);
      const mid = market?.mid(inst.symbol) ?? market?.stats(inst.symbol)?.last ?? inst.refPx;
      const spread = q?.bid !== undefined && q.ask !== undefined && q.ask > q.bid ? q.ask - q.bid : inst.tick;
      const elapsed = market ? Math.max(0, Math.min(SESSION_MS - 60_000, engine.now() - market.open)) : 0;
      const startMs = input.startMinute !== undefined ? input.startMinute * 60_000 : elapsed;
      const durationMs = Math.min(SESSION_MS - startMs, input.minutes !== undefined ? input.minutes * 60_000 : SESSION_MS - startMs);
      if (durationMs <= 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'the window must end by the 16:00 close' });
      try {
        return { symbol: inst.symbol, price: mid / 10_000, spread: spread / 10_000, startMs, durationMs, point: p, ...preview(inst, mid, spread, { strategy: input.strategy, qty: input.qty, startMs, durationMs, periods: input.periods, point: p, rate: input.rate }) };
      } catch (err) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: (err as Error).message });
      }
    }),
});
