'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/data/client';
import { formatNyTime } from '@/components/data/format';
import { fromPoint, presetOf, URGENCIES, URGENCY_LABEL, type UrgencyName } from '@/components/parents/detail/trilemmaMath';
import { AnswerLine, ReasonSlot, useActions, type Answer } from './actions';

/** Overrides in force are polled this often, and refetched after every change here. */
const POLL_MS = 2_000;
const TARGET_RE = /^[A-Za-z0-9._-]{1,64}$/;

type Scope = 'trader' | 'desk';

/**
 * Urgency overrides in force — on one parent, every parent of a trader, or a
 * whole desk — each with who set it and why; a supervisor sets one for a
 * trader or a desk (an urgency preset) and releases any, each with a reason.
 * Parent overrides are set on the parent's own page.
 */
export function OverridesPanel({ traders, desks }: { traders: string[]; desks: string[] }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { canEdit, ask } = useActions();
  const overrides = useQuery({ ...trpc.parents.overrides.queryOptions(), refetchInterval: POLL_MS, staleTime: 0 });
  const list = [...(overrides.data ?? [])].sort((a, b) => b.ts - a.ts);
  const [scope, setScope] = useState<Scope>('trader');
  const [target, setTarget] = useState('');
  const [urgency, setUrgency] = useState<UrgencyName>('high');
  const listId = useId();
  const who = target.trim();
  const options = scope === 'trader' ? traders : desks;
  const valid = TARGET_RE.test(who);

  const done = (text: string) => (res: { changed: true } | { changed: false; reason: string }): Answer => {
    void overrides.refetch();
    return res.changed ? { kind: 'ok', text } : { kind: 'error', text: res.reason };
  };
  const set = (s: Scope, t: string, u: UrgencyName) => async (reason: string) =>
    done(`${s} ${t} overridden: ${URGENCY_LABEL[u]}`)(await client.parents.override.mutate({ scope: s, target: t, urgency: u, reason }));
  const release = (s: 'parent' | 'trader' | 'desk', t: string) => async (reason: string) =>
    done(`${s} ${t} released`)(await client.parents.releaseOverride.mutate({ scope: s, target: t, reason }));

  return (
    <section className="sv-panel sv-overrides" data-testid="overrides-panel" aria-label="Urgency overrides">
      <header className="panel-head">
        <h2 className="panel-title">Overrides</h2>
        <span className="panel-meta" data-testid="overrides-count" data-count={list.length}>
          {list.length} in force
        </span>
        <span className="panel-spacer" />
        <AnswerLine panel="overrides" />
      </header>
      <div className="sv-scroll">
        <table className="sv-table sv-otable">
          <thead>
            <tr>
              <th className="sv-oc-scope">Scope</th>
              <th className="sv-oc-target">Target</th>
              <th title="Urgency preset, or impact / risk / completion in %; and why">Point · reason</th>
              <th className="r sv-oc-since">By · since</th>
              <th className="sv-oc-ctl" />
            </tr>
          </thead>
          <tbody>
            {list.map((o) => {
              const w = fromPoint(o.point);
              const preset = presetOf(w);
              const key = `override:${o.scope}:${o.target}`;
              return (
                <tr key={key} data-testid={`override-${o.scope}-${o.target}`} title={o.reason}>
                  <ReasonSlot k={key} wrap={(form) => <td colSpan={5} className="sv-ctl-form">{form}</td>}>
                    <td>
                      <span className={`sv-tag sv-scope-${o.scope}`}>{o.scope.toUpperCase()}</span>
                    </td>
                    <td className="mono sv-name">
                      {o.scope === 'parent' ? (
                        <Link href={`/parents/${encodeURIComponent(o.target)}`} className="sv-olink">
                          {o.target}
                        </Link>
                      ) : (
                        o.target
                      )}
                    </td>
                    <td className="sv-opoint">
                      {preset ? <b className={`sv-urg u-${preset}`}>{URGENCY_LABEL[preset]}</b> : <span className="num">{`${w.impact}/${w.risk}/${w.completion}`}</span>}
                      <span className="sv-oreason" data-testid="override-reason">
                        {o.reason}
                      </span>
                    </td>
                    <td className="r sv-osince">
                      <span className="sv-oby">{o.by}</span>
                      <span className="num muted">{formatNyTime(o.ts)}</span>
                    </td>
                    <td className="sv-ctl">
                      {canEdit ? (
                        <button
                          type="button"
                          className="sv-row-btn to-off"
                          data-testid={`override-release-${o.scope}-${o.target}`}
                          onClick={() => ask({ key, panel: 'overrides', verb: `Release ${o.scope} ${o.target}`, tone: 'ok', run: release(o.scope, o.target) })}
                        >
                          Release
                        </button>
                      ) : null}
                    </td>
                  </ReasonSlot>
                </tr>
              );
            })}
            {list.length === 0 ? (
              <tr>
                <td colSpan={5} className="sv-empty-cell" data-testid="overrides-empty">
                  No overrides: every parent follows its trader&apos;s point.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <div className="sv-radd sv-oadd">
          <ReasonSlot k="override:+">
            <select data-testid="override-scope" aria-label="Override scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
              <option value="trader">Trader</option>
              <option value="desk">Desk</option>
            </select>
            <input
              data-testid="override-target"
              aria-label={scope === 'trader' ? 'Trader' : 'Desk'}
              list={listId}
              placeholder={scope === 'trader' ? 'trader, e.g. bob' : 'desk, e.g. EQ-1'}
              value={target}
              spellCheck={false}
              onChange={(e) => setTarget(e.target.value)}
            />
            <datalist id={listId}>
              {options.map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
            <select data-testid="override-urgency" aria-label="Urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as UrgencyName)}>
              {URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {URGENCY_LABEL[u]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="sv-row-btn to-warn"
              data-testid="override-add"
              disabled={!valid}
              title={valid ? undefined : `Name a ${scope}`}
              onClick={() => ask({ key: 'override:+', panel: 'overrides', verb: `Override ${who} → ${URGENCY_LABEL[urgency]}`, tone: 'warn', run: set(scope, who, urgency) })}
            >
              Override…
            </button>
          </ReasonSlot>
        </div>
      ) : null}
    </section>
  );
}
