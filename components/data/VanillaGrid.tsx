'use client';

import { createGrid, type GridApi, type GridOptions, type Module } from 'ag-grid-community';
import { useEffect, useRef } from 'react';

export interface VanillaGridProps<Row> extends GridOptions<Row> {
  modules?: Module[];
}

/**
 * ag-grid's own DOM renderer in a React host: the grid draws its rows and cells
 * itself rather than as React components. A blotter of thousands of live rows
 * redraws a screenful of rows when a basket lands at its top or the trader
 * scrolls; as React components that took 100–170 ms of main thread at a time.
 * Options are passed on creation and, when a prop changes, set on the grid.
 * Cell renderers here are ag-grid's plain ones (a function returning a string
 * or an element), not React components.
 */
export function VanillaGrid<Row>({ modules, ...options }: VanillaGridProps<Row>) {
  const hostRef = useRef<HTMLDivElement>(null);
  const apiRef = useRef<GridApi<Row> | null>(null);
  const givenRef = useRef<GridOptions<Row>>(options);

  useEffect(() => {
    const api = createGrid<Row>(hostRef.current!, { ...givenRef.current }, { modules });
    apiRef.current = api;
    return () => {
      apiRef.current = null;
      api.destroy();
    };
    // The grid lives as long as the host; later option changes go through setGridOption.
  }, []);

  useEffect(() => {
    const api = apiRef.current;
    const before = givenRef.current;
    givenRef.current = options;
    if (!api || api.isDestroyed()) return;
    for (const key of Object.keys(options) as (keyof GridOptions<Row>)[]) {
      if (options[key] !== before[key]) api.setGridOption(key as never, options[key] as never);
    }
  });

  return <div ref={hostRef} style={{ width: '100%', height: '100%' }} />;
}
