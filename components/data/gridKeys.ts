'use client';

import { useEffect, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';

/** Keys typed into a field or control belong to it, not to page-wide shortcuts. */
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
}

/**
 * A grid with a focused cell (or header) moves it with the arrows itself, and its
 * selection follows (see DeskGrid). Focus can also rest on the grid itself but on no
 * cell — ag-grid keeps it in the grid when a live update redraws the focused row —
 * and there the arrows would only scroll: the page walks the selection instead.
 */
export function gridHasKeys(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.('.ag-cell, .ag-full-width-row, .ag-header-cell, .ag-header-group-cell');
}

/** Makes a grid's single selection match the page's (`rowId` as `getRowId` gives it; null for none, or a row filtered out). */
export function mirrorSelection<Row>(api: GridApi<Row>, rowId: string | null): void {
  if (api.isDestroyed()) return;
  const node = rowId !== null ? api.getRowNode(rowId) : undefined;
  if (node && node.displayed) {
    if (!node.isSelected()) node.setSelected(true, true, 'api');
  } else if (api.getSelectedNodes().length) api.deselectAll('all', 'api');
}

/**
 * ↑/↓ anywhere on the page (outside a field) walk a grid's single selection
 * through its rows as displayed. The selection lives in the page: `selectedId`
 * reads it (a row id as `getRowId` gives it), `onSelect` changes it.
 */
export function useArrowKeySelection<Row>(apiRef: RefObject<GridApi<Row> | null>, selectedId: () => string | null, onSelect: (row: Row) => void): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || typingIn(e.target) || gridHasKeys(e.target)) return;
      const api = apiRef.current;
      if (!api || api.isDestroyed()) return;
      const count = api.getDisplayedRowCount();
      if (count === 0) return;
      e.preventDefault();
      const id = selectedId();
      const current = id !== null ? api.getRowNode(id) : undefined;
      const at = current?.displayed && current.rowIndex !== null ? current.rowIndex : -1;
      const next = at < 0 ? (e.key === 'ArrowDown' ? 0 : count - 1) : Math.max(0, Math.min(count - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
      const node = api.getDisplayedRowAtIndex(next);
      if (!node?.data) return;
      api.ensureIndexVisible(next);
      onSelect(node.data);
      // From here the grid has the keyboard: arrows move its focused cell, Enter opens, Escape closes.
      const first = api.getAllDisplayedColumns()[0];
      if (first) api.setFocusedCell(next, first);
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [apiRef, selectedId, onSelect]);
}
