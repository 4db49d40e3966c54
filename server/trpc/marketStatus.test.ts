import { describe, expect, it } from 'vitest';
import { Engine, MemoryJournal } from '../../engine/engine';
import { DEFAULT_INSTRUMENTS } from '../../engine/instruments';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import type { Desk } from '../desk';
import { marketStatus } from './engine';

const OPEN = Date.parse('2026-11-20T14:30:00Z');

function desk(market = true) {
  const engine = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: 3, instruments: DEFAULT_INSTRUMENTS.slice(0, 2), ...(market ? { market: { venues: DEFAULT_VENUES } } : {}) });
  return { engine } as unknown as Desk;
}

describe('the market status in the top bar', () => {
  it('is pre-open before the session, open during it, closed after it', () => {
    const d = desk();
    const { open, close } = d.engine.market!;
    expect(marketStatus(d, open - 1)).toEqual({ state: 'pre-open', open, close });
    expect(marketStatus(d, open)?.state).toBe('open');
    expect(marketStatus(d, close - 1)?.state).toBe('open');
    expect(marketStatus(d, close)?.state).toBe('closed');
  });

  it('is halted while the desk kill switch is on, or while no lit venue is open', () => {
    const d = desk();
    const t = d.engine.market!.open + 60_000;
    expect(d.engine.handle({ type: 'SetKillSwitch', scope: 'desk', on: true, by: 'sam', reason: 'test' } as never).ok).toBe(true);
    expect(marketStatus(d, t)?.state).toBe('halted');
    d.engine.handle({ type: 'SetKillSwitch', scope: 'desk', on: false, by: 'sam', reason: 'test' } as never);
    expect(marketStatus(d, t)?.state).toBe('open');
    const lit = DEFAULT_VENUES.filter((v) => v.kind === 'lit');
    for (const v of lit.slice(0, -1)) d.engine.handle({ type: 'SetVenueStatus', venue: v.id, status: 'halted', by: 'sam', reason: 'test' } as never);
    expect(marketStatus(d, t)?.state).toBe('open');
    d.engine.handle({ type: 'SetVenueStatus', venue: lit.at(-1)!.id, status: 'down', by: 'sam', reason: 'test' } as never);
    expect(marketStatus(d, t)?.state).toBe('halted');
  });

  it('is null for a desk without a market', () => {
    expect(marketStatus(desk(false), OPEN)).toBeNull();
  });
});
