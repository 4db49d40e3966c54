'use client';

import type { GetRowIdParams } from 'ag-grid-community';
import { CHILD_ROW_CLASS, childColumns } from '@/components/routing/childColumns';
import type { GridLayout } from '@/components/data/gridLayout';
import { DetailGrid } from './DetailGrid';
import type { ChildRow } from './types';

const COLUMNS = childColumns(['placed', 'childId', 'venue', 'kind', 'logic', 'placement', 'px', 'qty', 'filled', 'avgPx', 'leaves', 'status', 'updated']);

const DEFAULT_COL = { sortable: true, resizable: true, flex: 0 };
const getRowId = (p: GetRowIdParams<ChildRow>) => p.data.childId;

/** The parent's most recent child orders (newest first), as parents.detail lists them; rows update in place. */
export function ChildrenGrid({ rows, layout }: { rows: ChildRow[]; layout?: GridLayout }) {
  return (
    <DetailGrid<ChildRow>
      layout={layout}
      testId="children-grid"
      rows={rows}
      columns={COLUMNS}
      defaultCol={DEFAULT_COL}
      rowId={getRowId}
      rowClass={CHILD_ROW_CLASS}
      empty="No child orders yet. The strategy places them as the schedule asks."
    />
  );
}
