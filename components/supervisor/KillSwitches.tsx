'use client';

import { useState, type KeyboardEvent } from 'react';
import { useTRPCClient } from '@/components/data/client';
import { formatNotional, formatQty } from '@/components/data/format';
import { AnswerLine, ReasonSlot, useActions, type Answer } from './actions';
import type { Exposure } from './deskStats';

export interface KillState {
  killAll: boolean;
  killedUsers: string[];
  killedSymbols: string[];
  restricted: string[];
}

type Scope = 'desk' | 'user' | 'symbol';

const USER_RE = /^[A-Za-z0-9._-]{1,64}$/;
const plural = (n: number, one: string) => `${formatQty(n)} ${one}${n === 1 ? '' : 's'}`;

/** One switch change and how the server's answer reads: "bob killed · 3 orders cancelled". */
function useSwitch() {
  const client = useTRPCClient();
  return (scope: Scope, target: string | undefined, on: boolean) =>
    async (reason: string): Promise<Answer> => {
      const res = await client.risk.setKillSwitch.mutate({ scope, target, on, reason });
      const who = scope === 'desk' ? 'desk' : target!;
      if (!res.changed) return { kind: 'error', text: res.reason };
      return { kind: 'ok', text: on ? `${who} killed · ${plural(res.cancelled, 'order')} cancelled` : `${who} released` };
    };
}

/** The desk-wide switch: one big button, the whole block red while it is on. */
function DeskSwitch({ on, working }: { on: boolean; working: number }) {
  const { canEdit, ask } = useActions();
  const run = useSwitch();
  return (
    <div className={`sv-desk-switch ${on ? 'on' : 'off'}`} data-testid="desk-kill" data-on={on ? 'true' : 'false'}>
      <div className="sv-desk-text">
        <span className="sv-desk-label">Desk kill switch</span>
        <b className="sv-desk-state" data-testid="desk-kill-state">
          {on ? 'ON — no new orders' : 'OFF — orders flow'}
        </b>
        <span className="sv-desk-sub">
          {on
            ? 'Every submit is rejected with KILL_SWITCH until released.'
            : canEdit
              ? `Pulling it cancels every open order on the desk (${plural(working, 'working order')}) and refuses new ones.`
              : 'Pulled, it cancels every open order on the desk and refuses new ones.'}
        </span>
      </div>
      {canEdit ? (
        <ReasonSlot k="desk" className="sv-desk-reason">
          <button
            type="button"
            className={`sv-desk-btn ${on ? 'to-off' : 'to-on'}`}
            data-testid="desk-kill-toggle"
            aria-pressed={on}
            onClick={() => ask({ key: 'desk', panel: 'kill', verb: on ? 'Release desk' : 'Kill desk', tone: on ? 'ok' : 'danger', run: run('desk', undefined, !on) })}
          >
            <span className="sv-desk-btn-dot" aria-hidden="true" />
            {on ? 'Release' : 'Pull kill switch'}
          </button>
        </ReasonSlot>
      ) : (
        <span className={`sv-switch-tag ${on ? 'on' : 'off'}`}>{on ? 'ON' : 'OFF'}</span>
      )}
    </div>
  );
}

/** A Kill / Release button for one user or instrument, or its state for a read-only role. */
function RowSwitch({ scope, target, on }: { scope: 'user' | 'symbol'; target: string; on: boolean }) {
  const { canEdit, ask } = useActions();
  const run = useSwitch();
  if (!canEdit) return <span className={`sv-switch-tag ${on ? 'on' : 'off'}`}>{on ? 'KILLED' : 'off'}</span>;
  return (
    <button
      type="button"
      className={`sv-row-btn ${on ? 'to-off' : 'to-on'}`}
      data-testid={`kill-${scope}-toggle-${target}`}
      aria-pressed={on}
      title={on ? `Release the kill switch for ${target}` : `Kill ${target}: cancel its open orders and refuse new ones`}
      onClick={() => ask({ key: `${scope}:${target}`, panel: 'kill', verb: on ? `Release ${target}` : `Kill ${target}`, tone: on ? 'ok' : 'danger', run: run(scope, target, !on) })}
    >
      {on ? 'Release' : 'Kill'}
    </button>
  );
}

/** Kill a user not (yet) seen in the order stream. */
function FreeUser() {
  const { canEdit, ask } = useActions();
  const run = useSwitch();
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  if (!canEdit) return null;
  const go = () => {
    const u = name.trim();
    if (!USER_RE.test(u)) {
      setError(u ? 'letters, digits, . _ - only' : 'type a username');
      return;
    }
    setError('');
    ask({ key: 'user:*', panel: 'kill', verb: `Kill ${u}`, tone: 'danger', run: async (reason) => {
      const a = await run('user', u, true)(reason);
      if (a.kind === 'ok') setName('');
      return a;
    } });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      go();
    }
  };
  return (
    <ReasonSlot k="user:*" className="sv-free-reason">
      <div className="sv-free-user">
        <input
          data-testid="kill-user-input"
          aria-label="Another user to kill"
          placeholder="other user…"
          maxLength={64}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError('');
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="sv-row-btn to-on" data-testid="kill-user-add" onClick={go}>
          Kill…
        </button>
        {error ? <span className="sv-field-error">{error}</span> : null}
      </div>
    </ReasonSlot>
  );
}

export interface UserLine {
  user: string;
  exposure: Exposure;
}
export interface SymbolLine {
  symbol: string;
  name: string;
  exposure: Exposure;
}

/**
 * Kill switches, desk-wide then per user and per instrument. A switch pulled
 * ON cancels every open order in its scope and refuses new ones; each change
 * takes a reason, and the answer says what it cancelled.
 */
export function KillSwitches({ state, users, symbols, deskWorking }: { state: KillState | undefined; users: UserLine[]; symbols: SymbolLine[]; deskWorking: number }) {
  const killedUsers = new Set(state?.killedUsers ?? []);
  const killedSymbols = new Set(state?.killedSymbols ?? []);
  const restricted = new Set(state?.restricted ?? []);
  return (
    <section className="sv-panel sv-kill" data-testid="kill-panel" aria-label="Kill switches">
      <header className="panel-head">
        <h2 className="panel-title">Kill switches</h2>
        <span className="panel-meta" data-testid="kill-count">
          {(state?.killAll ? 1 : 0) + killedUsers.size + killedSymbols.size} on
        </span>
        <span className="panel-spacer" />
        <AnswerLine panel="kill" />
      </header>
      <DeskSwitch on={!!state?.killAll} working={deskWorking} />
      <div className="sv-kill-lists">
        <div className="sv-sub" data-testid="kill-users">
          <div className="sv-sub-head">
            <span className="sv-sub-title">Users</span>
            <span className="panel-meta">{users.length}</span>
          </div>
          <table className="sv-table">
            <SwitchTableHead first="User" />
            <tbody>
              {users.map(({ user, exposure }) => {
                const on = killedUsers.has(user);
                return (
                  <tr key={user} className={on ? 'killed' : ''} data-testid={`kill-user-${user}`} data-on={on ? 'true' : 'false'}>
                    <td className="sv-name mono">{user}</td>
                    <SwitchCells scope="user" target={user} on={on} exposure={exposure} />
                  </tr>
                );
              })}
              {users.length === 0 ? (
                <tr>
                  <td colSpan={4} className="sv-empty-cell">
                    No orders on the desk yet
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          <FreeUser />
        </div>
        <div className="sv-sub" data-testid="kill-symbols">
          <div className="sv-sub-head">
            <span className="sv-sub-title">Instruments</span>
            <span className="panel-meta">{symbols.length}</span>
          </div>
          <table className="sv-table">
            <SwitchTableHead first="Sym" />
            <tbody>
              {symbols.map(({ symbol, name, exposure }) => {
                const on = killedSymbols.has(symbol);
                return (
                  <tr key={symbol} className={on ? 'killed' : ''} data-testid={`kill-symbol-${symbol}`} data-on={on ? 'true' : 'false'}>
                    <td className="sv-name" title={name}>
                      <span className="mono sv-sym">{symbol}</span>
                      {restricted.has(symbol) ? (
                        <span className="sv-tag restricted" title="On the restricted list">
                          R
                        </span>
                      ) : null}
                    </td>
                    <SwitchCells scope="symbol" target={symbol} on={on} exposure={exposure} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function SwitchTableHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th>{first}</th>
        <th className="r" title="Working orders">Wkg</th>
        <th className="r" title="Open notional: leaves × limit, or reference price for market orders">Open $</th>
        <th className="r">Switch</th>
      </tr>
    </thead>
  );
}

/** A user's or instrument's working orders, open notional and switch; the reason form takes their place while open. */
function SwitchCells({ scope, target, on, exposure }: { scope: 'user' | 'symbol'; target: string; on: boolean; exposure: { working: number; notional: number } }) {
  return (
    <ReasonSlot k={`${scope}:${target}`} wrap={(form) => <td colSpan={3} className="sv-ctl-form">{form}</td>}>
      <td className="r num">{formatQty(exposure.working)}</td>
      <td className="r num">{exposure.working ? formatNotional(exposure.notional) : '—'}</td>
      <td className="r sv-ctl">
        <RowSwitch scope={scope} target={target} on={on} />
      </td>
    </ReasonSlot>
  );
}
