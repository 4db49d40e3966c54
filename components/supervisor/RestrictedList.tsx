'use client';

import { useState } from 'react';
import { useTRPCClient } from '@/components/data/client';
import { AnswerLine, ReasonSlot, useActions, type Answer } from './actions';

interface Instrument {
  symbol: string;
  name: string;
}

/**
 * The restricted list: instruments no one on the desk may trade (news pending,
 * inside information, a client conflict). Orders in them are refused with
 * RESTRICTED; orders already working are left alone.
 */
export function RestrictedList({ restricted, instruments }: { restricted: string[] | undefined; instruments: Instrument[] }) {
  const client = useTRPCClient();
  const { canEdit, ask } = useActions();
  const names = new Map(instruments.map((i) => [i.symbol, i.name]));
  const list = [...(restricted ?? [])].sort();
  const addable = instruments.filter((i) => !list.includes(i.symbol));
  const [pick, setPick] = useState('');
  const chosen = addable.some((i) => i.symbol === pick) ? pick : (addable[0]?.symbol ?? '');

  const change = (symbol: string, on: boolean) => async (reason: string): Promise<Answer> => {
    const res = await client.risk.setRestricted.mutate({ symbol, restricted: on, reason });
    if (!res.changed) return { kind: 'error', text: res.reason };
    return { kind: 'ok', text: on ? `${symbol} restricted` : `${symbol} removed from the restricted list` };
  };

  return (
    <section className="sv-panel sv-restricted" data-testid="restricted-panel" aria-label="Restricted list">
      <header className="panel-head">
        <h2 className="panel-title">Restricted list</h2>
        <span className="panel-meta" data-testid="restricted-count" data-count={list.length}>
          {list.length}
        </span>
        <span className="panel-spacer" />
        <AnswerLine panel="restricted" />
      </header>
      <div className="sv-scroll">
        <ul className="sv-rlist">
          {list.map((s) => (
            <li key={s} data-testid={`restricted-${s}`}>
              <ReasonSlot k={`restricted:${s}`}>
                <span className="mono sv-sym">{s}</span>
                <span className="sv-rname">{names.get(s) ?? ''}</span>
                <span className="sv-tag restricted">RESTRICTED</span>
                {canEdit ? (
                  <button
                    type="button"
                    className="sv-row-btn to-off"
                    data-testid={`restricted-remove-${s}`}
                    title={`Take ${s} off the restricted list`}
                    onClick={() => ask({ key: `restricted:${s}`, panel: 'restricted', verb: `Allow ${s}`, tone: 'ok', run: change(s, false) })}
                  >
                    Remove
                  </button>
                ) : null}
              </ReasonSlot>
            </li>
          ))}
          {list.length === 0 ? (
            <li className="sv-empty" data-testid="restricted-empty">
              Nothing restricted: every desk instrument may trade.
            </li>
          ) : null}
        </ul>
      </div>
      {canEdit && addable.length ? (
        <div className="sv-radd">
          <ReasonSlot k="restricted:+">
            <select data-testid="restrict-symbol" aria-label="Instrument to restrict" value={chosen} onChange={(e) => setPick(e.target.value)}>
              {addable.map((i) => (
                <option key={i.symbol} value={i.symbol}>
                  {i.symbol} — {i.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="sv-row-btn to-warn"
              data-testid="restrict-add"
              disabled={!chosen}
              onClick={() => ask({ key: 'restricted:+', panel: 'restricted', verb: `Restrict ${chosen}`, tone: 'warn', run: change(chosen, true) })}
            >
              Restrict…
            </button>
          </ReasonSlot>
        </div>
      ) : null}
    </section>
  );
}
