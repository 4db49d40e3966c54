import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

type Outputs = inferRouterOutputs<AppRouter>;

/** What parents.detail answers: the row, plan, schedule, fills, market VWAP, children, recalibrations, constituents. */
export type ParentDetailData = Outputs['parents']['detail'];
export type ChildRow = ParentDetailData['children'][number];
export type Recalibration = ParentDetailData['recalibrations'][number];
export type Plan = NonNullable<ParentDetailData['plan']>;
export type OverrideRow = Outputs['parents']['overrides'][number];
export type PreviewData = Outputs['strategies']['preview'];

/** A mutation's verdict as the page shows it, next to the control that asked. */
export interface Verdict {
  kind: 'ok' | 'error';
  text: string;
}
