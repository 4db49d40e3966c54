import type { OrderRow } from '@/server/desk';

export interface Exposure {
  /** Orders with shares still open. */
  working: number;
  /** Open shares × limit, or × the reference price for market orders (an estimate, in dollars). */
  notional: number;
}

export interface DeskStats {
  desk: Exposure;
  byUser: Map<string, Exposure>;
  bySymbol: Map<string, Exposure>;
}

const isWorking = (o: OrderRow) => o.leavesQty > 0 && (o.status === 'new' || o.status === 'partial');

/** Working orders and open notional, desk-wide and by user and instrument, from the order stream. */
export function deskStats(rows: Iterable<OrderRow>, refPrice: (symbol: string) => number | undefined): DeskStats {
  const desk: Exposure = { working: 0, notional: 0 };
  const byUser = new Map<string, Exposure>();
  const bySymbol = new Map<string, Exposure>();
  const add = (m: Map<string, Exposure>, k: string, n: number) => {
    let e = m.get(k);
    if (!e) m.set(k, (e = { working: 0, notional: 0 }));
    if (n >= 0) {
      e.working++;
      e.notional += n;
    }
  };
  for (const o of rows) {
    // Everyone who ever sent an order gets a line, working or not.
    if (!byUser.has(o.owner)) byUser.set(o.owner, { working: 0, notional: 0 });
    if (!isWorking(o)) continue;
    const notional = o.leavesQty * (o.limitPrice ?? refPrice(o.symbol) ?? 0);
    desk.working++;
    desk.notional += notional;
    add(byUser, o.owner, notional);
    add(bySymbol, o.symbol, notional);
  }
  return { desk, byUser, bySymbol };
}
