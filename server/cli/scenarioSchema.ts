import { z } from 'zod';
import type { Scenario } from '../../engine/scenario';

/** Shape of a scenario file; the engine judges each order's domain rules when it arrives. */
const schema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
  instruments: z
    .array(
      z.object({
        symbol: z.string().min(1),
        name: z.string(),
        tick: z.number().positive(),
        lot: z.number().int().positive(),
        refPrice: z.number().positive(),
        dailyVol: z.number().positive(),
        adv: z.number().positive(),
        avgTradeSize: z.number().positive(),
      }),
    )
    .min(1)
    .optional(),
  orders: z.array(
    z.object({
      at: z.string().regex(/^\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/, 'at must be HH:MM:SS'),
      owner: z.string().min(1),
      desk: z.string().min(1),
      source: z.string(),
      clOrdId: z.string(),
      symbol: z.string(),
      side: z.string(),
      qty: z.number(),
      limit: z.number().nullable(),
      urgency: z.string(),
    }),
  ),
});

export function parseScenario(json: unknown): Scenario {
  const r = schema.safeParse(json);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}
