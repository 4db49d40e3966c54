'use client';

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Instrument } from '@/components/orders/OrderTicket';
import { formatPx } from './marketFormat';
import { typingIn } from '@/components/data/gridKeys';

/**
 * The Market page's instrument box: type a symbol or part of a name, ↑/↓ to
 * choose, Enter or Tab to open it, Esc to go back to the current one. `/`
 * anywhere on the page jumps here. Enter before the instrument list has arrived
 * (a page just opened) opens what was typed once it does.
 */
export function InstrumentPicker({ symbol, instruments, onPick }: { symbol: string; instruments: Instrument[]; onPick: (symbol: string) => void }) {
  const [text, setText] = useState(symbol);
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(-1);
  /** Enter was pressed before there was a list to choose from. */
  const [enterPending, setEnterPending] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  /** Leaving the box puts the current symbol back a moment later; coming back before then keeps what is typed. */
  const revertTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => setText(symbol), [symbol]);
  useEffect(() => () => clearTimeout(revertTimer.current), []);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (typingIn(e.target)) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const q = text.trim().toUpperCase();
  const matches = useMemo(() => {
    if (!q || q === symbol) return instruments;
    const starts = instruments.filter((i) => i.symbol.startsWith(q));
    const named = instruments.filter((i) => !i.symbol.startsWith(q) && i.name.toUpperCase().includes(q));
    return [...starts, ...named];
  }, [instruments, q, symbol]);

  useEffect(() => {
    if (!enterPending || instruments.length === 0) return;
    setEnterPending(false);
    const c = choice();
    if (c) pick(c);
  }, [enterPending, instruments]);

  function pick(sym: string) {
    setOpen(false);
    setHighlight(-1);
    setText(sym);
    if (sym !== symbol) onPick(sym);
  }

  function revert() {
    setEnterPending(false);
    setOpen(false);
    setHighlight(-1);
    setText(symbol);
  }

  /** What Enter or Tab would open: the highlighted row, an exact symbol, or the only match. */
  function choice(): string | undefined {
    if (highlight >= 0 && matches[highlight]) return matches[highlight].symbol;
    const exact = instruments.find((i) => i.symbol === q);
    if (exact) return exact.symbol;
    if (q && matches.length === 1) return matches[0].symbol;
    if (q && matches.length > 0 && matches[0].symbol.startsWith(q)) return matches[0].symbol;
    return undefined;
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        setOpen(true);
        const n = matches.length;
        if (n === 0) return;
        setHighlight((h) => (e.key === 'ArrowDown' ? (h + 1) % n : (h - 1 + n) % n));
        return;
      }
      case 'Enter': {
        e.preventDefault();
        const c = choice();
        if (c) pick(c);
        else if (instruments.length === 0 && q) setEnterPending(true);
        return;
      }
      case 'Tab': {
        if (!open) return;
        const c = choice();
        if (c) pick(c);
        return;
      }
      case 'Escape':
        e.preventDefault();
        revert();
        inputRef.current?.select();
        return;
    }
  }

  const current = instruments.find((i) => i.symbol === symbol);
  const showList = open && matches.length > 0;
  const unknown = q !== '' && matches.length === 0;
  return (
    <div className="mk-picker" data-testid="market-picker">
      <label htmlFor="mk-symbol" className="mk-label">
        Instrument <kbd>/</kbd>
      </label>
      <input
        id="mk-symbol"
        ref={inputRef}
        data-testid="market-symbol"
        role="combobox"
        aria-expanded={showList}
        aria-controls="mk-symbol-list"
        aria-autocomplete="list"
        aria-invalid={unknown || undefined}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value.toUpperCase());
          setEnterPending(false);
          setOpen(true);
          setHighlight(-1);
        }}
        onFocus={(e) => {
          clearTimeout(revertTimer.current);
          e.target.select();
        }}
        onClick={() => setOpen(true)}
        onBlur={() => {
          revertTimer.current = setTimeout(revert, 120);
        }}
        onKeyDown={onKeyDown}
      />
      {showList ? (
        <ul className="suggest mk-suggest" id="mk-symbol-list" role="listbox" data-testid="market-symbol-list">
          {matches.map((i, n) => (
            <li
              key={i.symbol}
              role="option"
              aria-selected={n === highlight}
              className={`${n === highlight ? 'hl' : ''}${i.symbol === symbol ? ' current' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(i.symbol);
              }}
            >
              <span className="sg-sym">{i.symbol}</span>
              <span className="sg-name">{i.name}</span>
              <span className="sg-px">{formatPx(i.refPrice, i.tick)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <span className="mk-inst-name" title={current?.name}>
        {unknown ? <span className="warn">{q}: not a desk instrument</span> : (current?.name ?? '')}
      </span>
    </div>
  );
}
