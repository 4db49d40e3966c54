import { describe, expect, it } from 'vitest';
import { Engine, MemoryJournal } from '../engine';
import type { SubmitOrder } from '../commands';
import type { EngineEvent } from '../events';
import { DEFAULT_INSTRUMENTS } from '../instruments';
import { DEFAULT_VENUES } from '../market/venues';
import type { RoutingLogic } from './router';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const instruments = DEFAULT_INSTRUMENTS.filter((i) => ['KO', 'AAPL'].includes(i.symbol));
type Ev<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

const buy = (qty: number, urgency: SubmitOrder['urgency']): SubmitOrder => ({ type: 'SubmitOrder', clOrdId: `r${qty}`, owner: 'alice', desk: 'EQ-1', source: 'ticket', symbol: 'KO', side: 'buy', qty, urgency });

/** One parent in KO, worked by the given routing logic on a seeded market; returns the engine and every event. */
function work(opts: { seed: number; qty: number; urgency: SubmitOrder['urgency']; logic?: RoutingLogic; darkShare?: number; litOnly?: boolean; until: number }) {
  const venues = opts.litOnly ? DEFAULT_VENUES.filter((v) => v.kind === 'lit') : DEFAULT_VENUES;
  const e = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: opts.seed, instruments, market: { venues, darkShare: opts.darkShare } });
  const events: EngineEvent[] = [];
  e.onEvents((batch) => events.push(...batch));
  e.scheduler.runUntil(OPEN + 10 * 60_000);
  e.handle(buy(opts.qty, opts.urgency));
  const [parent] = e.parents.all();
  if (opts.logic) expect(e.handle({ type: 'SetStrategy', parentId: parent.parentId, routing: opts.logic, by: 'alice' }).ok).toBe(true);
  e.scheduler.runUntil(OPEN + opts.until);
  return { e, events, parent: e.parents.get(parent.parentId)! };
}

const darkFilled = (e: Engine) => [...e.children.all()].filter((c) => c.kind === 'mid').reduce((a, c) => a + c.filledQty, 0);

describe('routing a parent through the simulated market', () => {
  it('liquidity seeking finds more of the hidden dark liquidity than lit-only or parallel routing, on the same seeded market', () => {
    // A name where half the volume prints in dark pools; 60,000 shares over a 90-minute VWAP.
    for (const seed of [1, 2]) {
      const run = (over: { logic: RoutingLogic; litOnly?: boolean }) => work({ seed, qty: 60_000, urgency: 'medium', darkShare: 0.4, until: 100 * 60_000, ...over });
      const seeking = run({ logic: 'seeking' });
      const parallel = run({ logic: 'parallel' });
      const litOnly = run({ logic: 'parallel', litOnly: true });
      expect(seeking.e.executor!.routingOf(seeking.parent.parentId)).toEqual({ logic: 'seeking', chosenBy: 'plan' });
      expect(darkFilled(litOnly.e)).toBe(0);
      expect(darkFilled(seeking.e)).toBeGreaterThan(2 * darkFilled(parallel.e));
      expect(darkFilled(seeking.e)).toBeGreaterThan(0.25 * seeking.parent.filled);
      // Probing: every dark child asks for a minimum execution no smaller than the pool's.
      for (const c of seeking.e.children.all()) if (c.kind === 'mid') expect(c.minQty).toBeGreaterThanOrEqual(c.venue === 'BLOCK' ? 1_000 : 100);
      for (const r of [seeking, parallel, litOnly]) expect(r.parent.filled).toBeLessThanOrEqual(60_000);
    }
  });

  it('sequential routing sends a remainder on to the next venue, never back to one it tried', () => {
    const { e, events } = work({ seed: 4, qty: 30_000, urgency: 'high', logic: 'sequential', until: 45 * 60_000 });
    const placed = events.filter((x): x is Ev<'ChildPlaced'> => x.type === 'ChildPlaced');
    const onward = placed.filter((c) => c.tried?.length);
    expect(onward.length).toBeGreaterThan(0);
    for (const c of onward) {
      expect(c.tried).not.toContain(c.venue);
      expect(c.logic).toBe('sequential');
      // It follows the end of a child on the last venue it tried, for no more than that child had left.
      const before = e.children.get(placed.filter((p) => p.venue === c.tried![c.tried!.length - 1] && p.seq < c.seq).at(-1)!.childId)!;
      expect(before.status).not.toBe('live');
    }
    // Resting children that did not fill are rotated, with a reason that says so.
    expect(events.some((x) => x.type === 'ChildCancelRequested' && x.rotate && /trying the next venue/.test(x.reason))).toBe(true);
    expect(e.parents.all().next().value!.filled).toBeLessThanOrEqual(30_000);
  });

  it('when a venue goes down its children are possibly live until it returns and cancels them; the parent works on elsewhere and never overfills', () => {
    const e = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: 5, instruments, market: { venues: DEFAULT_VENUES } });
    const events: EngineEvent[] = [];
    e.onEvents((batch) => events.push(...batch));
    e.scheduler.runUntil(OPEN + 10 * 60_000);
    e.handle(buy(20_000, 'high'));
    const [parent] = e.parents.all();
    e.handle({ type: 'SetStrategy', parentId: parent.parentId, routing: 'parallel', by: 'alice' });
    // Run until some child rests on NASDAQ, then take NASDAQ down.
    let t = OPEN + 10 * 60_000;
    const atNasdaq = () => e.children.workingOf(parent.parentId).filter((c) => c.venue === 'NASDAQ' && c.status === 'live');
    while (atNasdaq().length === 0 && t < OPEN + 40 * 60_000) e.scheduler.runUntil((t += 500));
    const stranded = atNasdaq();
    expect(stranded.length).toBeGreaterThan(0);
    expect(e.handle({ type: 'SetVenueStatus', venue: 'NASDAQ', status: 'down', by: 'sam', reason: 'outage' }).ok).toBe(true);
    expect(stranded.every((c) => c.possiblyLive)).toBe(true);
    const downAt = e.lastSeq;
    e.scheduler.runUntil((t += 120_000));
    // Still counted in flight (possibly live) — and the parent kept working on other venues.
    expect(stranded.every((c) => c.status === 'live' && c.possiblyLive)).toBe(true);
    const meanwhile = events.filter((x): x is Ev<'ChildPlaced'> => x.type === 'ChildPlaced' && x.seq > downAt);
    expect(meanwhile.length).toBeGreaterThan(0);
    expect(meanwhile.every((c) => c.venue !== 'NASDAQ')).toBe(true);
    const p = e.parents.get(parent.parentId)!;
    expect(p.filled + e.children.inFlight(p.parentId)).toBeLessThanOrEqual(20_000);
    e.handle({ type: 'SetVenueStatus', venue: 'NASDAQ', status: 'open', by: 'sam', reason: 'back' });
    e.scheduler.runUntil((t += 5_000));
    for (const c of stranded) expect([c.status, c.possiblyLive]).toEqual(['cancelled', false]);
    expect(events.some((x) => x.type === 'ChildCancelled' && x.reason === 'cancelled on disconnect')).toBe(true);
    e.scheduler.runUntil(OPEN + 60 * 60_000);
    expect(e.parents.get(parent.parentId)!.filled).toBeLessThanOrEqual(20_000);
  });
});
