import { authed, router } from './init';
import { sleep } from './sleep';
import { toDollars } from '../../engine/instruments';
import type { Desk } from '../desk';

export type MarketState = 'pre-open' | 'open' | 'halted' | 'closed';

/**
 * The session as the top bar shows it: before the open, open, halted (the desk
 * kill switch is on, or no lit venue is open) or closed; null without a market.
 */
export function marketStatus(desk: Pick<Desk, 'engine'>, now: number): { state: MarketState; open: number; close: number } | null {
  const market = desk.engine.market;
  if (!market) return null;
  const { open, close } = market;
  if (now < open) return { state: 'pre-open', open, close };
  if (now >= close) return { state: 'closed', open, close };
  let litOpen = false;
  for (const v of market.venues.values()) if (v.config.kind === 'lit' && v.status === 'open') litOpen = true;
  return { state: desk.engine.risk.killAll || !litOpen ? 'halted' : 'open', open, close };
}

export const engineRouter = router({
  instruments: authed.query(({ ctx }) =>
    [...ctx.desk.engine.instruments.values()].map((i) => ({
      symbol: i.symbol,
      name: i.name,
      tick: toDollars(i.tick),
      lot: i.lot,
      refPrice: toDollars(i.refPx),
    })),
  ),

  status: authed.query(({ ctx }) => ({
    engineTime: ctx.desk.engine.now(),
    seq: ctx.desk.engine.lastSeq,
    speed: ctx.desk.config.speed,
    orders: ctx.desk.engine.orders.size,
  })),

  /** The engine's clock, twice a second; doubles as the browser's heartbeat for the stale badge. */
  clock: authed.subscription(async function* ({ ctx, signal }) {
    while (!signal?.aborted) {
      const engineTime = ctx.desk.driver.engineTimeNow();
      yield { engineTime, seq: ctx.desk.engine.lastSeq, speed: ctx.desk.config.speed, market: marketStatus(ctx.desk, engineTime) };
      await sleep(500, signal);
    }
  }),
});
