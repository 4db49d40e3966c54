import { describe, expect, it } from 'vitest';
import { Engine, MemoryJournal } from '../../engine/engine';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import { sharedJsonEncoder } from '../streams/sharedJson';
import { samplerFor, type MarketMessage } from './market';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function desk() {
  const engine = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: 5, market: { venues: DEFAULT_VENUES } });
  const market = engine.market!;
  let t = OPEN;
  /** Simulated market time passes: prints happen. */
  const advance = (ms: number) => engine.scheduler.runUntil((t += ms));
  return { market, advance, now: () => t };
}

const key = (p: MarketMessage['prints'][number]) => `${p.ts}|${p.venue}|${p.px}|${p.qty}|${p.aggressor}`;

describe('market.watch sampling', () => {
  it('samples a name once per tick for all its watchers: the same update, every print once, none twice', async () => {
    const { market, advance, now } = desk();
    const all: string[] = [];
    const offAll = market.onPrint((p) => p.symbol === 'AAPL' && all.push(key({ ...p, px: p.px / 10_000 })));
    advance(60_000);
    const sampler = samplerFor(market, 'AAPL', 10, now);
    const a = sampler.join();
    const b = sampler.join();
    const ac = new AbortController();
    const nextA = a.next(ac.signal);
    const nextB = b.next(ac.signal);
    advance(30_000);
    // A third watcher joins between ticks: the prints so far are in its snapshot, not in its first update.
    const c = sampler.join();
    const nextC = c.next(ac.signal);
    advance(30_000);
    const [ua, ub, uc] = (await Promise.all([nextA, nextB, nextC])) as MarketMessage[];
    expect(ua).toBe(ub);
    expect(ua.prints.length).toBeGreaterThan(0);
    // Encoded once as the default encoder would.
    const frame = { id: 1, result: { type: 'data', data: ua } };
    expect(sharedJsonEncoder.encode(frame)).toBe(JSON.stringify(frame));
    const seenByA = [...a.snapshot.prints, ...ua.prints].map(key);
    const seenByC = [...c.snapshot.prints, ...uc.prints].map(key);
    // Snapshot then update, for each: exactly the name's latest prints in order — a print twice or missing would break the run.
    expect(seenByA).toEqual(all.slice(-seenByA.length));
    expect(seenByC).toEqual(all.slice(-seenByC.length));
    expect(uc.prints.length).toBeGreaterThan(0);
    expect(uc.prints.length).toBeLessThan(ua.prints.length);
    expect(ua.kind).toBe('update');
    ac.abort();
    for (const w of [a, b, c]) w.leave();
    offAll();
  });

  it('a congested watcher gets one merged update: the latest view, every print in order, bars by minute', async () => {
    const { market, advance, now } = desk();
    advance(60_000);
    const sampler = samplerFor(market, 'MSFT', 5, now);
    const fast = sampler.join();
    const slow = sampler.join();
    const ac = new AbortController();
    let congested = true;
    const slowNext = slow.next(ac.signal, () => congested);
    const fastUpdates: MarketMessage[] = [];
    for (let i = 0; i < 3; i++) {
      const n = fast.next(ac.signal);
      advance(20_000);
      fastUpdates.push((await n)!);
    }
    congested = false;
    const merged = (await slowNext)!;
    expect(merged.prints.map(key)).toEqual(fastUpdates.flatMap((u) => u.prints).map(key));
    expect(merged.nbbo).toEqual(fastUpdates[2].nbbo);
    const lastBars = new Map(fastUpdates.flatMap((u) => u.bars).map((b) => [b.t, b]));
    expect(merged.bars).toEqual([...lastBars.values()].sort((x, y) => x.t - y.t));
    ac.abort();
    expect(await fast.next(ac.signal)).toBeUndefined();
    fast.leave();
    slow.leave();
    await tick(0);
  });
});
