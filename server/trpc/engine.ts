import { authed, router } from './init';
import { sleep } from './sleep';
import { toDollars } from '../../engine/instruments';

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
      yield { engineTime: ctx.desk.driver.engineTimeNow(), seq: ctx.desk.engine.lastSeq, speed: ctx.desk.config.speed };
      await sleep(500, signal);
    }
  }),
});
