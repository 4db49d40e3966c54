'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef, ColGroupDef, ColumnState, GridApi } from 'ag-grid-community';
import { useEffect, useState } from 'react';
import type { LayoutColumn } from '@/server/store/layouts';
import { useTRPC, useTRPCClient, type DeskClient } from './client';

/** A burst of drags and resizes is saved once, this long after the last. */
const SAVE_AFTER_MS = 400;

/** What a layout keeps of a column: order (by position), width, visibility, sort, pin. */
export function layoutOf(state: ColumnState[]): LayoutColumn[] {
  return state.map((c) => {
    const col: LayoutColumn = { colId: c.colId };
    if (typeof c.width === 'number') col.width = Math.round(c.width);
    if (c.hide) col.hide = true;
    if (c.sort) (col.sort = c.sort), (col.sortIndex = c.sortIndex ?? 0);
    if (c.pinned === 'left' || c.pinned === 'right') col.pinned = c.pinned;
    if (c.flex) col.flex = c.flex;
    return col;
  });
}

type Layouts = Record<string, LayoutColumn[]>;

/** The column state the definitions give, in their order: the desk's own layout of a grid. */
function stateOf(columns: ReadonlyArray<ColDef | ColGroupDef>): ColumnState[] {
  const out: ColumnState[] = [];
  for (const c of columns) {
    if ('children' in c) {
      out.push(...stateOf(c.children));
      continue;
    }
    const colId = c.colId ?? (typeof c.field === 'string' ? c.field : undefined);
    if (!colId) continue;
    const sort = typeof c.sort === 'string' ? c.sort : null;
    out.push({ colId, width: c.width, hide: c.hide ?? false, sort, sortIndex: sort ? 0 : null, flex: c.flex ?? null, pinned: c.pinned ?? null });
  }
  return out;
}

/**
 * One grid's column layout, saved per user on the server (prefs.saveLayout):
 * applied when both the grid and the user's layouts are there, saved after each
 * move, resize, sort or show/hide by the user, and reset on request. The
 * layouts are read once per page load (prefs.layouts) and kept in the query
 * cache, so a page visited again within the session opens as it was left.
 */
export class GridLayout {
  api: GridApi | null = null;
  /** The grid's own columns as it first drew them: what a reset goes back to. */
  private defaults: ColumnState[] | null = null;
  private saved: LayoutColumn[] | undefined;
  private loaded = false;
  private applied = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();
  /** Bumped when the columns change (shown, hidden, reset): the column menu redraws. */
  version = 0;

  constructor(
    readonly grid: string,
    private readonly client: DeskClient,
    private readonly cache: (update: (l: Layouts | undefined) => Layouts) => void,
  ) {}

  /** The user's saved layouts arrived (or changed in the cache). */
  load(layouts: Layouts | undefined): void {
    if (layouts === undefined) return;
    this.loaded = true;
    this.saved = layouts[this.grid];
    this.applyOnce();
  }

  /** The grid is ready; `columns` are its definitions, what a reset goes back to. */
  attach(api: GridApi, columns?: ReadonlyArray<ColDef | ColGroupDef> | null): void {
    this.api = api;
    this.defaults = columns ? stateOf(columns) : api.getColumnState();
    this.applied = false;
    this.applyOnce();
  }

  detach(): void {
    this.flush();
    this.api = null;
  }

  private applyOnce(): void {
    const api = this.api;
    if (!api || api.isDestroyed() || !this.loaded || this.applied) return;
    this.applied = true;
    if (this.saved?.length) api.applyColumnState({ state: this.saved, applyOrder: true, defaultState: { sort: null } });
    this.changed();
  }

  /** The user changed the columns: save soon. Changes before the saved layout is applied are the grid's own. */
  userChanged(): void {
    if (!this.applied) return;
    this.changed();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SAVE_AFTER_MS);
  }

  private flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const api = this.api;
    if (!api || api.isDestroyed()) return;
    const columns = layoutOf(api.getColumnState());
    this.saved = columns;
    this.cache((l) => ({ ...l, [this.grid]: columns }));
    this.client.prefs.saveLayout.mutate({ grid: this.grid, columns }).catch((err) => console.warn(`layout of ${this.grid} not saved: ${(err as Error).message}`));
  }

  /** Back to the desk's own layout for this grid, here and on the server. */
  async reset(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.saved = undefined;
    const api = this.api;
    if (api && !api.isDestroyed()) {
      if (this.defaults) api.applyColumnState({ state: this.defaults, applyOrder: true, defaultState: { sort: null } });
      else api.resetColumnState();
    }
    this.cache((l) => {
      const next = { ...l };
      delete next[this.grid];
      return next;
    });
    this.changed();
    await this.client.prefs.resetLayout.mutate({ grid: this.grid });
  }

  /** Whether the user has a layout of their own for this grid. */
  get customised(): boolean {
    return !!this.saved;
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The layout of the grid named `grid` ("orders", "tca.children"…) for the signed-in user. */
export function useGridLayout(grid: string): GridLayout {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const layouts = useQuery({ ...trpc.prefs.layouts.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const [layout] = useState(() => new GridLayout(grid, client, (update) => qc.setQueryData(trpc.prefs.layouts.queryKey(), (old) => update(old as Layouts | undefined))));
  useEffect(() => layout.load(layouts.data), [layout, layouts.data]);
  // A failed read still lets the grid be arranged this session; nothing is applied.
  useEffect(() => {
    if (layouts.isError) layout.load({});
  }, [layout, layouts.isError]);
  useEffect(() => () => layout.detach(), [layout]);
  return layout;
}
