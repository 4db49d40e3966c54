'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { User } from '@/server/auth/users';
import { useTRPCClient } from '@/components/data/client';
import { formatNotional, formatPrice, formatQty, parsePrice, parseQty } from '@/components/data/format';

export interface Instrument {
  symbol: string;
  name: string;
  tick: number;
  lot: number;
  refPrice: number;
}

type Side = 'buy' | 'sell';
type Urgency = 'low' | 'medium' | 'high' | 'critical';
const URGENCIES: Urgency[] = ['low', 'medium', 'high', 'critical'];

type Status =
  | { kind: 'idle' }
  | { kind: 'pending'; text: string }
  | { kind: 'ack'; orderId: string; text: string }
  | { kind: 'reject'; code: string; text: string };

let clOrdCounter = 0;
/** A client order id unique per submit: time in base 36 plus a per-tab counter. */
export const nextClOrdId = () => `T-${Date.now().toString(36)}-${++clOrdCounter}`;

const describe = (side: Side, qty: number, symbol: string, limit: number | undefined) =>
  `${side.toUpperCase()} ${formatQty(qty)} ${symbol} ${limit === undefined ? 'MKT' : `@ ${formatPrice(limit)}`}`;

export function OrderTicket({ user, instruments }: { user: User | undefined; instruments: Instrument[] }) {
  const client = useTRPCClient();
  const readOnly = !user || user.role === 'viewer';
  const isViewer = user?.role === 'viewer';

  const [symbol, setSymbol] = useState('');
  const [side, setSide] = useState<Side>('buy');
  const [qty, setQty] = useState('');
  const [limit, setLimit] = useState('');
  const [urgency, setUrgency] = useState<Urgency>('medium');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [suggestOpen, setSuggestOpen] = useState(false);
  const [highlight, setHighlight] = useState(-1);
  const inFlight = useRef(false);
  const symbolRef = useRef<HTMLInputElement>(null);
  const sideRefs = { buy: useRef<HTMLButtonElement>(null), sell: useRef<HTMLButtonElement>(null) };

  /** Switches side; if focus is on the side toggle it follows the checked button, like a radio group. */
  function chooseSide(next: Side) {
    setSide(next);
    const active = document.activeElement;
    if (active && (active === sideRefs.buy.current || active === sideRefs.sell.current)) sideRefs[next].current?.focus();
  }

  // Land in the symbol box as soon as the ticket can be used.
  useEffect(() => {
    if (!readOnly) symbolRef.current?.focus();
  }, [readOnly]);

  const sym = symbol.trim().toUpperCase();
  const inst = instruments.find((i) => i.symbol === sym);
  const suggestions = useMemo(() => {
    if (!sym) return instruments;
    const starts = instruments.filter((i) => i.symbol.startsWith(sym));
    const named = instruments.filter((i) => !i.symbol.startsWith(sym) && i.name.toUpperCase().includes(sym));
    return [...starts, ...named];
  }, [instruments, sym]);
  const showSuggest = suggestOpen && !readOnly && suggestions.length > 0 && !(inst && suggestions.length === 1);

  const q = parseQty(qty);
  const px = parsePrice(limit);
  const pricedAt = px !== undefined && !Number.isNaN(px) ? px : inst?.refPrice;
  const notional = Number.isFinite(q) && q > 0 && pricedAt !== undefined ? q * pricedAt : null;

  function pick(i: Instrument) {
    setSymbol(i.symbol);
    setSuggestOpen(false);
    setHighlight(-1);
  }

  function clear() {
    setSymbol('');
    setSide('buy');
    setQty('');
    setLimit('');
    setUrgency('medium');
    setStatus({ kind: 'idle' });
    setSuggestOpen(false);
    setHighlight(-1);
  }

  /** `confirmed`: the trader saw a DUPLICATE warning and sends the same order anyway. */
  async function submit(confirmed = false) {
    if (readOnly || inFlight.current) return;
    setSuggestOpen(false);
    const reject = (text: string) => setStatus({ kind: 'reject', code: 'LOCAL', text });
    if (!sym) return reject('symbol is required');
    if (qty.trim() === '') return reject('quantity is required');
    if (Number.isNaN(q)) return reject(`quantity "${qty.trim()}" is not a number`);
    if (Number.isNaN(px)) return reject(`limit "${limit.trim()}" is not a price (leave blank for market)`);
    if (sym !== symbol) setSymbol(sym);

    inFlight.current = true;
    const what = describe(side, q, sym, px);
    setStatus({ kind: 'pending', text: `Sending ${what}…` });
    try {
      const res = await client.orders.submit.mutate({
        clOrdId: nextClOrdId(),
        symbol: sym,
        side,
        qty: q,
        ...(px === undefined ? {} : { limitPrice: px }),
        urgency,
        source: 'ticket',
        ...(confirmed ? { confirmed: true } : {}),
      });
      if (res.accepted) setStatus({ kind: 'ack', orderId: res.orderId, text: what });
      else setStatus({ kind: 'reject', code: res.code, text: res.reason });
    } catch (err) {
      const code = isTRPCClientError(err) ? String(err.data?.code ?? 'ERROR') : 'ERROR';
      setStatus({ kind: 'reject', code, text: (err as Error).message || 'the order was not sent' });
    } finally {
      inFlight.current = false;
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.ctrlKey || e.metaKey || e.altKey || readOnly) return;
    const inSymbol = e.target === symbolRef.current;
    switch (e.key) {
      case 'Escape':
        e.preventDefault();
        if (inSymbol && showSuggest) {
          setSuggestOpen(false);
          return;
        }
        clear();
        symbolRef.current?.focus();
        return;
      case 'Enter':
        e.preventDefault();
        if (inSymbol && showSuggest && highlight >= 0 && suggestions[highlight]) {
          pick(suggestions[highlight]);
          return;
        }
        void submit();
        return;
      case 'ArrowDown':
      case 'ArrowUp':
        if (!inSymbol) break;
        e.preventDefault();
        setSuggestOpen(true);
        setHighlight((h) => {
          const n = suggestions.length;
          if (n === 0) return -1;
          return e.key === 'ArrowDown' ? (h + 1) % n : (h - 1 + n) % n;
        });
        return;
      case 'Tab':
        // Tab out of the symbol box completes it to the highlighted match, or the only symbol it starts.
        if (inSymbol && showSuggest) {
          const prefixed = suggestions.filter((i) => i.symbol.startsWith(sym));
          const choice = suggestions[highlight] ?? (sym && prefixed.length === 1 ? prefixed[0] : undefined);
          if (choice) pick(choice);
        }
        return;
    }
    const onSide = e.target === sideRefs.buy.current || e.target === sideRefs.sell.current;
    if (onSide && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) {
      e.preventDefault();
      chooseSide(side === 'buy' ? 'sell' : 'buy');
      return;
    }
    // Symbols contain letters: B and S switch side everywhere else in the ticket.
    if (!inSymbol && (e.key === 'b' || e.key === 'B' || e.key === 's' || e.key === 'S')) {
      e.preventDefault();
      chooseSide(e.key.toLowerCase() === 'b' ? 'buy' : 'sell');
    }
  }

  const statusText =
    status.kind === 'ack' ? (
      <>
        <span className="status-tag">ACK</span>
        <span className="mono" data-testid="ticket-order-id">
          {status.orderId}
        </span>
        <span className="status-detail">{status.text}</span>
      </>
    ) : status.kind === 'reject' ? (
      <>
        <span className="status-tag">REJECT</span>
        <span className="status-reason" data-testid="ticket-reject-reason">
          {status.text}
        </span>
        {status.code === 'DUPLICATE' && (
          <button type="button" className="btn tk-confirm" data-testid="ticket-send-anyway" onClick={() => void submit(true)}>
            Send anyway
          </button>
        )}
      </>
    ) : status.kind === 'pending' ? (
      <span className="status-detail">{status.text}</span>
    ) : (
      <span className="status-hint">
        <kbd>Enter</kbd> send · <kbd>Esc</kbd> clear · <kbd>B</kbd>/<kbd>S</kbd> side · <kbd>↓</kbd> symbols
      </span>
    );

  return (
    <form
      className="ticket"
      data-testid="order-ticket"
      data-side={side}
      data-readonly={readOnly ? 'true' : undefined}
      aria-label="Order ticket"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      autoComplete="off"
    >
      <fieldset disabled={readOnly} className="ticket-fields">
        <legend className="ticket-legend">Ticket</legend>
        <div className="tk-field tk-symbol">
          <label htmlFor="tk-symbol">Symbol</label>
          <input
            id="tk-symbol"
            ref={symbolRef}
            data-testid="ticket-symbol"
            role="combobox"
            aria-expanded={showSuggest}
            aria-controls="tk-symbol-list"
            aria-autocomplete="list"
            spellCheck={false}
            value={symbol}
            placeholder="Symbol"
            onChange={(e) => {
              setSymbol(e.target.value.toUpperCase());
              setSuggestOpen(true);
              setHighlight(-1);
            }}
            onFocus={() => setSuggestOpen(symbol.length > 0 && !inst)}
            onBlur={() => setSuggestOpen(false)}
          />
          {showSuggest ? (
            <ul className="suggest" id="tk-symbol-list" role="listbox" data-testid="symbol-suggestions">
              {suggestions.map((i, idx) => (
                <li
                  key={i.symbol}
                  role="option"
                  aria-selected={idx === highlight}
                  className={idx === highlight ? 'hl' : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(i);
                  }}
                >
                  <span className="sg-sym">{i.symbol}</span>
                  <span className="sg-name">{i.name}</span>
                  <span className="sg-px">{formatPrice(i.refPrice)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>

        <div className="tk-field tk-side">
          <span className="tk-label" id="tk-side-label">
            Side
          </span>
          <div className="side-toggle" role="radiogroup" aria-labelledby="tk-side-label" data-testid="ticket-side" data-side={side}>
            {(['buy', 'sell'] as const).map((s) => (
              <button
                key={s}
                type="button"
                role="radio"
                ref={sideRefs[s]}
                tabIndex={side === s ? 0 : -1}
                aria-checked={side === s}
                className={`side-btn ${s}`}
                data-testid={`side-${s}`}
                onClick={() => setSide(s)}
              >
                {s === 'buy' ? 'Buy' : 'Sell'}
              </button>
            ))}
          </div>
        </div>

        <div className="tk-field tk-qty">
          <label htmlFor="tk-qty">Quantity</label>
          <input
            id="tk-qty"
            data-testid="ticket-qty"
            inputMode="numeric"
            className="num"
            placeholder={inst ? `lot ${inst.lot}` : 'shares'}
            value={qty}
            onChange={(e) => setQty(e.target.value)}
          />
        </div>

        <div className="tk-field tk-limit">
          <label htmlFor="tk-limit">Limit</label>
          <input
            id="tk-limit"
            data-testid="ticket-limit"
            inputMode="decimal"
            className="num"
            placeholder="MKT"
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </div>

        <div className="tk-field tk-urgency">
          <label htmlFor="tk-urgency">Urgency</label>
          <select id="tk-urgency" data-testid="ticket-urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>

        <div className="tk-field tk-notional">
          <span className="tk-label">Notional{px === undefined ? ' (est.)' : ''}</span>
          <span className="tk-readout num" data-testid="ticket-notional">
            {formatNotional(notional)}
          </span>
        </div>

        <button type="submit" className={`btn tk-send ${side}`} data-testid="ticket-submit">
          {side === 'buy' ? 'Buy' : 'Sell'}
          <span className="tk-send-detail">
            {Number.isFinite(q) && q > 0 ? formatQty(q) : '—'} {sym || '···'} {px === undefined ? 'MKT' : Number.isNaN(px) ? '?' : formatPrice(px)}
          </span>
        </button>
      </fieldset>

      <div className="ticket-foot">
        <span className="tk-inst" data-testid="ticket-instrument">
          {inst ? (
            <>
              <b>{inst.symbol}</b> {inst.name} · ref <span className="num">{formatPrice(inst.refPrice)}</span> · tick {inst.tick} · lot {inst.lot}
            </>
          ) : sym && suggestions.length > 0 ? (
            <span className="muted">
              {suggestions.length} {suggestions.length === 1 ? 'match' : 'matches'} for {sym} · <kbd>↓</kbd> choose · <kbd>Tab</kbd> complete
            </span>
          ) : sym ? (
            <span className="warn">{sym}: not a desk instrument</span>
          ) : (
            <span className="muted">{instruments.length} instruments</span>
          )}
        </span>
        {isViewer ? (
          <span className="ticket-readonly" data-testid="ticket-readonly">
            Read-only role: viewers can watch the desk but cannot send orders.
          </span>
        ) : (
          <span className="ticket-status" data-testid="ticket-status" data-kind={status.kind} role="status" aria-live="polite">
            {statusText}
          </span>
        )}
      </div>
    </form>
  );
}
