import { describe, expect, it } from 'vitest';
import { intentOf, toSubmitOrder } from './mapping';
import { deserialize, masked, resendPlan, serialize } from './session';

describe('intent from the algorithmic fields', () => {
  it.each([
    [{}, 'medium'],
    [{ TargetStrategy: 1 }, 'low'],
    [{ TargetStrategy: 3 }, 'low'],
    [{ TargetStrategy: 1000 }, 'high'],
    [{ ParticipationRate: 0.05 }, 'low'],
    [{ TargetStrategy: 2, ParticipationRate: 0.138 }, 'low'],
    [{ TargetStrategy: 2, ParticipationRate: 0.15 }, 'medium'],
    [{ TargetStrategy: 2, ParticipationRate: 0.2 }, 'high'],
    [{ TargetStrategy: 2, ParticipationRate: 0.3 }, 'critical'],
    [{ TargetStrategy: 1000, TargetStrategyParameters: 'urgency=LOW' }, 'low'],
  ])('%j → %s', (fields, urgency) => {
    expect(intentOf(fields)).toMatchObject({ ok: true, urgency });
  });

  it('says what is wrong', () => {
    expect(intentOf({ TargetStrategy: 4 })).toMatchObject({ ok: false, reason: expect.stringContaining('TargetStrategy (847) 4 is not offered') });
    expect(intentOf({ ParticipationRate: 0 })).toMatchObject({ ok: false });
    expect(intentOf({ TargetStrategyParameters: 'urgency=asap' })).toMatchObject({ ok: false, reason: expect.stringContaining('urgency must be low, medium, high, critical') });
  });

  it('makes a FIX order for the counterparty’s user', () => {
    const r = toSubmitOrder({ ClOrdID: 'c', Instrument: { Symbol: 'KO' }, Side: '2', OrderQtyData: { OrderQty: 300 }, OrdType: '2', Price: 60.5 }, 'oms', 'OMS');
    expect(r).toEqual({ ok: true, value: { cmd: { type: 'SubmitOrder', clOrdId: 'c', owner: 'oms', desk: 'OMS', source: 'fix', symbol: 'KO', side: 'sell', qty: 300, urgency: 'medium', limitPrice: 60.5 }, why: expect.any(String) } });
  });
});

describe('resends', () => {
  it('resends application messages and gap-fills runs of the rest', () => {
    const sent = [
      { seq: 1, msgType: 'A', at: 1, body: null },
      { seq: 2, msgType: '8', at: 2, body: '{}' },
      { seq: 3, msgType: '0', at: 3, body: null },
      { seq: 5, msgType: '9', at: 5, body: '{}' },
    ];
    expect(resendPlan(1, 7, sent)).toEqual([
      { kind: 'gap', from: 1, next: 2 },
      { kind: 'resend', seq: 2, msgType: '8', at: 2, body: '{}' },
      { kind: 'gap', from: 3, next: 5 },
      { kind: 'resend', seq: 5, msgType: '9', at: 5, body: '{}' },
      { kind: 'gap', from: 6, next: 8 },
    ]);
  });

  it('keeps timestamps as dates through storage', () => {
    const t = new Date('2026-11-20T15:00:00.123Z');
    expect(deserialize(serialize({ TransactTime: t, Instrument: { Symbol: 'A' } }))).toEqual({ TransactTime: t, Instrument: { Symbol: 'A' } });
  });

  it('never logs a password', () => {
    expect(masked('8=FIX.4.4|35=A|554=secret|925=new|10=000|')).toBe('8=FIX.4.4|35=A|554=***|925=***|10=000|');
  });
});
