'use client';

import { isTRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { User } from '@/server/auth/users';
import type { BasketReport } from '@/server/trpc/orders';
import { useTRPCClient } from '@/components/data/client';
import { BasketReportView, totalsOf } from './basket/BasketReportView';
import { countOrderLines, formatBytes, MAX_CSV_BYTES, nameFromFile, TEMPLATE_HEADER, TEMPLATE_HREF } from './basket/csv';
import './basket.css';

type Send =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'error'; code: string; text: string };

/**
 * Basket upload on the Orders page: a button beside the ticket opens a panel
 * above the blotter. Choose or drop a .csv file, or paste CSV text, name it and
 * upload; the server's per-line report is shown and accepted lines arrive in
 * the Staged Orders blotter through the usual stream. Esc closes the panel.
 * Viewers see the button disabled.
 */
export function BasketUpload({ user }: { user: User | undefined }) {
  const client = useTRPCClient();
  const canUpload = !!user && (user.role === 'trader' || user.role === 'supervisor');
  const ids = useId();

  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState('');
  const [name, setName] = useState('');
  const [file, setFile] = useState<{ name: string; size: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [send, setSend] = useState<Send>({ kind: 'idle' });
  // Each upload's report gets its own key: a basket with no readable line does not use up its basket id.
  const [report, setReport] = useState<{ n: number; r: BasketReport } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const openBtn = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const chooseBtn = useRef<HTMLButtonElement>(null);
  const dragDepth = useRef(0);
  const inFlight = useRef(false);

  const close = useCallback(() => {
    setOpen(false);
    setDragging(false);
    dragDepth.current = 0;
    // Back to where the trader came from.
    requestAnimationFrame(() => openBtn.current?.focus());
  }, []);

  // Land on the file chooser when the panel opens.
  useEffect(() => {
    if (open) chooseBtn.current?.focus();
  }, [open]);

  // Esc closes the panel when focus is in it or nowhere in particular (not while typing in the ticket).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const a = document.activeElement;
      if (!a || a === document.body || a === openBtn.current || panelRef.current?.contains(a)) {
        e.preventDefault();
        close();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, close]);

  // A viewer (or a signed-out tab) never keeps the panel open.
  useEffect(() => {
    if (!canUpload) setOpen(false);
  }, [canUpload]);

  async function load(f: File) {
    setReadError(null);
    if (f.size > MAX_CSV_BYTES) {
      setReadError(`${f.name} is ${formatBytes(f.size)}; a basket file is at most 1 MB`);
      return;
    }
    try {
      const text = await f.text();
      setCsv(text);
      setFile({ name: f.name, size: f.size });
      setName(nameFromFile(f.name));
      setSend({ kind: 'idle' });
    } catch (err) {
      setReadError(`could not read ${f.name}: ${(err as Error).message}`);
    }
  }

  function clearInput() {
    setCsv('');
    setFile(null);
    setName('');
    setReadError(null);
    setSend({ kind: 'idle' });
    if (fileInput.current) fileInput.current.value = '';
  }

  const lineCount = countOrderLines(csv);
  const tooBig = csv.length > MAX_CSV_BYTES;
  const ready = canUpload && csv.trim() !== '' && !tooBig && send.kind !== 'sending';
  const effectiveName = name.trim() || (file ? nameFromFile(file.name) : 'pasted basket');

  async function upload() {
    if (!ready || inFlight.current) return;
    inFlight.current = true;
    setSend({ kind: 'sending' });
    try {
      const r = await client.orders.uploadBasket.mutate({ name: effectiveName.slice(0, 80), csv });
      setReport((prev) => ({ n: (prev?.n ?? 0) + 1, r }));
      setSend({ kind: 'idle' });
    } catch (err) {
      const code = isTRPCClientError(err) ? String(err.data?.code ?? 'ERROR') : 'ERROR';
      setSend({ kind: 'error', code, text: (err as Error).message || 'the basket was not sent' });
    } finally {
      inFlight.current = false;
    }
  }

  function onPanelKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      // Ctrl+Enter uploads from anywhere in the panel, the textarea included.
      e.preventDefault();
      void upload();
    }
  }

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');
  const dragProps = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => {
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      const f = e.dataTransfer.files?.[0];
      if (f) void load(f);
    },
  };

  const last = report ? totalsOf(report.r) : null;

  return (
    <>
      <div className="bk-dock" data-testid="basket-dock">
        <span className="tk-label">Basket</span>
        <button
          ref={openBtn}
          type="button"
          className="btn bk-open"
          data-testid="basket-open"
          aria-expanded={open}
          aria-controls={`${ids}-panel`}
          disabled={!canUpload}
          title={canUpload ? 'Upload a basket of orders from a CSV file' : 'Read-only role: viewers cannot upload baskets'}
          onClick={() => (open ? close() : setOpen(true))}
        >
          <span className="bk-open-icon" aria-hidden>
            ⇪
          </span>
          Upload basket
        </button>
        <span className="bk-dock-meta">
          {!canUpload ? (
            <span className="muted">{user ? 'read-only' : ''}</span>
          ) : last && report ? (
            <span data-testid="basket-last">
              <span className="mono">{report.r.basketId}</span> <span className="bk-ok num">{last.accepted}</span>
              <span className="muted"> ok · </span>
              <span className={`num ${last.lines - last.accepted ? 'bk-bad' : 'muted'}`}>{last.lines - last.accepted}</span>
              <span className="muted"> refused</span>
            </span>
          ) : (
            <span className="muted">CSV · symbol, side, qty</span>
          )}
        </span>
      </div>

      {open && canUpload ? (
        <section
          ref={panelRef}
          id={`${ids}-panel`}
          className="bk-panel"
          data-testid="basket-panel"
          data-dragging={dragging ? 'true' : undefined}
          aria-label="Basket upload"
          onKeyDown={onPanelKeyDown}
          {...dragProps}
        >
          <div className="panel-head">
            <h2 className="panel-title">Basket upload</h2>
            <span className="panel-meta">
              {TEMPLATE_HEADER} <span className="bk-meta-note">· symbol, side, qty required</span>
            </span>
            <a className="bk-link" href={TEMPLATE_HREF} download="basket-template.csv" data-testid="basket-template">
              Download a template
            </a>
            <span className="panel-spacer" />
            <span className="pr-hint muted">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> upload · <kbd>Esc</kbd> close
            </span>
            <button type="button" className="btn btn-ghost bk-close" data-testid="basket-close" aria-label="Close basket upload" onClick={close}>
              ✕
            </button>
          </div>

          <div className="bk-body">
            <form
              className="bk-input"
              aria-label="Basket file"
              onSubmit={(e) => {
                e.preventDefault();
                void upload();
              }}
              autoComplete="off"
            >
              <div className="bk-source">
                <input
                  ref={fileInput}
                  id={`${ids}-file`}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  className="bk-file-input"
                  data-testid="basket-file"
                  tabIndex={-1}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    if (f) void load(f);
                  }}
                />
                <button ref={chooseBtn} type="button" className="btn bk-choose" data-testid="basket-choose" onClick={() => fileInput.current?.click()}>
                  Choose .csv…
                </button>
                {file ? (
                  <span className="bk-file" data-testid="basket-file-name">
                    <span className="mono">{file.name}</span>
                    <span className="muted"> · {formatBytes(file.size)}</span>
                  </span>
                ) : (
                  <span className="bk-drop-hint muted">or drop a file here, or paste CSV below</span>
                )}
                {csv ? (
                  <button type="button" className="btn btn-ghost bk-clear" data-testid="basket-clear" onClick={clearInput}>
                    Clear
                  </button>
                ) : null}
              </div>

              <label className="bk-sr" htmlFor={`${ids}-csv`}>
                CSV text
              </label>
              <textarea
                id={`${ids}-csv`}
                className="bk-csv"
                data-testid="basket-csv"
                spellCheck={false}
                wrap="off"
                placeholder={`${TEMPLATE_HEADER}\nAAPL,buy,1200,227.40,medium,REB-0001\nMSFT,sell,800,,high,REB-0002`}
                value={csv}
                onChange={(e) => {
                  setCsv(e.target.value);
                  if (send.kind === 'error') setSend({ kind: 'idle' });
                }}
              />

              <div className="bk-send-row">
                <div className="tk-field bk-name">
                  <label htmlFor={`${ids}-name`}>Basket name</label>
                  <input
                    id={`${ids}-name`}
                    data-testid="basket-name"
                    maxLength={80}
                    value={name}
                    placeholder={file ? nameFromFile(file.name) : 'pasted basket'}
                    onChange={(e) => setName(e.target.value)}
                  />
                </div>
                <button type="submit" className="btn btn-primary bk-upload" data-testid="basket-upload" disabled={!ready}>
                  {send.kind === 'sending' ? 'Uploading…' : 'Upload'}
                  <span className="bk-upload-n num">{lineCount > 0 ? `${lineCount.toLocaleString('en-US')} ${lineCount === 1 ? 'line' : 'lines'}` : ''}</span>
                </button>
              </div>

              <div className="bk-status" role="status" aria-live="polite" data-testid="basket-status" data-kind={send.kind}>
                {readError ? (
                  <span className="bk-error">{readError}</span>
                ) : tooBig ? (
                  <span className="bk-error">the text is over 1 MB; split the basket</span>
                ) : send.kind === 'error' ? (
                  <span className="bk-error" data-testid="basket-error">
                    <span className="bk-code mono">{send.code}</span> {send.text}
                  </span>
                ) : send.kind === 'sending' ? (
                  <span className="muted">Sending {effectiveName}…</span>
                ) : !csv.trim() ? (
                  <span className="muted">A header row, then one order a line. Limit blank = market; urgency low, medium, high or critical.</span>
                ) : (
                  <span className="muted">
                    {lineCount} order {lineCount === 1 ? 'line' : 'lines'} · will be sent as <b className="bk-strong">{effectiveName}</b>
                  </span>
                )}
              </div>
            </form>

            <div className="bk-result">
              {report ? (
                <BasketReportView key={report.n} report={report.r} />
              ) : (
                <div className="bk-placeholder">
                  <div className="bk-drop-target" aria-hidden>
                    <span className="bk-drop-icon">⇪</span>
                    <span>Drop a .csv here</span>
                  </div>
                  <p className="muted">The report of each line — accepted with its order id, rejected with the reason — appears here after upload.</p>
                </div>
              )}
            </div>
          </div>
          {dragging ? (
            <div className="bk-drop-veil" aria-hidden>
              <span>Drop to load the basket file</span>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
