/**
 * What the toasts' notice hub (server/trpc/notices.ts) costs the engine: the same
 * busy morning — 4,000 orders from four traders in baskets, worked by strategies
 * against the simulated market for 90 engine minutes — run as fast as possible
 * with no notice subscriber, then with every user subscribed (four users, and
 * fifty browser tabs of them). The hub is one engine listener; a subscriber adds
 * only its own notices. Runs alternate (none, 4, 50, none, …) so machine load
 * hits each alike; the figure is the median of the runs.
 *
 *   npx tsx bench/notices.ts [runs=3]
 */
import { Engine, MemoryJournal } from '../engine/engine';
import { DEFAULT_INSTRUMENTS } from '../engine/instruments';
import { DEFAULT_VENUES } from '../engine/market/venues';
import type { User } from '../server/auth/users';
import { NoticeHub } from '../server/trpc/notices';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const USERS: User[] = [
  { username: 'alice', role: 'trader', desk: 'EQ-1', display: 'Alice' },
  { username: 'bob', role: 'trader', desk: 'EQ-2', display: 'Bob' },
  { username: 'carol', role: 'trader', desk: 'EQ-1', display: 'Carol' },
  { username: 'dan', role: 'trader', desk: 'EQ-2', display: 'Dan' },
];
const SYMBOLS = ['AAPL', 'MSFT', 'AMZN', 'NVDA', 'GOOGL', 'JPM', 'XOM', 'KO'];

function morning(tabs: number): { secs: number; events: number; notices: number } {
  const engine = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: 9, instruments: DEFAULT_INSTRUMENTS, market: { venues: DEFAULT_VENUES } });
  engine.scheduler.runUntil(OPEN + 60_000);
  const hub = new NoticeHub({ engine } as never);
  let notices = 0;
  for (let i = 0; i < tabs; i++) hub.subscribe(USERS[i % USERS.length], (n) => (notices += n.length));
  let events = 0;
  engine.onEvents((e) => (events += e.length));
  let k = 0;
  for (let b = 0; b < 20; b++)
    engine.scheduler.at(OPEN + 60_000 + b * 4 * 60_000, () => {
      for (let i = 0; i < 200; i++) {
        const u = USERS[k % USERS.length];
        const sym = SYMBOLS[k % SYMBOLS.length];
        engine.handle({ type: 'SubmitOrder', clOrdId: `n${k}`, owner: u.username, desk: u.desk, source: 'basket', symbol: sym, side: k % 3 === 0 ? 'sell' : 'buy', qty: 100 * (1 + (k % 37)), urgency: (['low', 'medium', 'high', 'critical'] as const)[k % 4] } as never);
        k++;
      }
    });
  const start = process.hrtime.bigint();
  engine.scheduler.runUntil(OPEN + 91 * 60_000);
  return { secs: Number(process.hrtime.bigint() - start) / 1e9, events, notices };
}

const runs = Number(process.argv[2] ?? 3);
const results: Record<string, Array<ReturnType<typeof morning>>> = { none: [], '4 users': [], '50 tabs': [] };
morning(0); // warm-up: the JIT, not the hub
for (let r = 0; r < runs; r++) {
  results.none.push(morning(0));
  results['4 users'].push(morning(4));
  results['50 tabs'].push(morning(50));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results.none.map((x) => x.secs));
for (const [label, xs] of Object.entries(results)) {
  const secs = median(xs.map((x) => x.secs));
  const pct = ((secs - base) / base) * 100;
  console.log(
    `${label.padEnd(8)}  ${secs.toFixed(2)} s  (runs ${xs.map((x) => x.secs.toFixed(2)).join(', ')})  ${xs[0].events.toLocaleString('en-US')} events, ${xs[0].notices.toLocaleString('en-US')} notices  ${label === 'none' ? '' : `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} % vs none (target ≤ 5 %)`}`,
  );
}
