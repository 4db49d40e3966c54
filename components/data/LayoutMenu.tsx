'use client';

import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { GridLayout } from './gridLayout';

/**
 * A grid's "Columns" button: show or hide each column, and reset the layout
 * (order, widths, visibility, sort) to the desk's own. Changes are saved for
 * the signed-in user. Escape or a click elsewhere closes it.
 */
export function LayoutMenu({ layout, label }: { layout: GridLayout; label: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const version = useSyncExternalStore(layout.subscribe, () => layout.version, () => 0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  const api = layout.api;
  void version;
  const columns =
    open && api && !api.isDestroyed()
      ? api
          .getColumns()
          ?.filter((c) => c.getColDef().headerName)
          .map((c) => ({ id: c.getColId(), name: c.getColDef().headerName!, visible: c.isVisible() })) ?? []
      : [];

  return (
    <div className="layout-menu" ref={root} data-testid={`layout-menu-${layout.grid}`} data-customised={layout.customised ? 'true' : 'false'}>
      <button
        ref={button}
        type="button"
        className="layout-btn"
        aria-expanded={open}
        aria-controls={id}
        title={`Columns of ${label}: show, hide, reset. Drag headers to reorder, edges to resize; saved for you on any browser.`}
        onClick={() => setOpen((o) => !o)}
        data-testid="layout-open"
      >
        Columns{layout.customised ? <span className="layout-dot" aria-label="(your layout)" /> : null}
      </button>
      {open ? (
        <div className="layout-pop" id={id} role="dialog" aria-label={`Columns of ${label}`}>
          <ul className="layout-cols">
            {columns.map((c) => (
              <li key={c.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={c.visible}
                    data-testid={`layout-col-${c.id}`}
                    onChange={(e) => {
                      api?.setColumnsVisible([c.id], e.target.checked);
                      layout.userChanged();
                    }}
                  />
                  {c.name}
                </label>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="btn layout-reset"
            data-testid="layout-reset"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await layout.reset();
              } finally {
                setBusy(false);
              }
            }}
            title="Back to the desk's own columns, widths and sort, here and on every browser you use"
          >
            Reset layout
          </button>
        </div>
      ) : null}
    </div>
  );
}
