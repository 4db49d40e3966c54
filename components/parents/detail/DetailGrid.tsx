'use client';

import type { ColDef, GetRowIdParams, RowClassRules } from 'ag-grid-community';
import { useEffect, useState } from 'react';
import { DeskGrid } from '@/components/data/DeskGrid';
import type { GridLayout } from '@/components/data/gridLayout';
import { deskGridTheme, registerGridModules } from '@/components/orders/gridSetup';

registerGridModules();

const theme = deskGridTheme.withParams({ rowHeight: 22, headerHeight: 26, dataFontSize: 11, cellHorizontalPadding: 6 });

/**
 * The parent page's compact grids (children, constituent orders): rows from each
 * detail refresh update in place by id, and the grid mounts only in the browser.
 */
export function DetailGrid<T>(props: {
  testId: string;
  rows: T[];
  columns: ColDef<T>[];
  defaultCol: ColDef<T>;
  rowId: (p: GetRowIdParams<T>) => string;
  rowClass: RowClassRules<T>;
  empty: string;
  layout?: GridLayout;
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div className="pd-grid" data-testid={props.testId} data-count={props.rows.length}>
      {mounted ? (
        <DeskGrid<T>
          layout={props.layout}
          theme={theme}
          columnDefs={props.columns}
          defaultColDef={props.defaultCol}
          rowData={props.rows}
          getRowId={props.rowId}
          rowClassRules={props.rowClass}
          suppressColumnVirtualisation
          // Rows arrive every second; rows that slide about are hard to read.
          animateRows={false}
          cellFlashDuration={600}
          cellFadeDuration={900}
          overlayNoRowsTemplate={`<span class="grid-empty">${props.empty}</span>`}
        />
      ) : null}
    </div>
  );
}
