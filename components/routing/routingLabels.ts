import type { ChildRow } from '@/server/desk';

export type RoutingLogic = NonNullable<ChildRow['logic']>;

/** How the smart order router's three logics (engine/routing/router.ts) are named on the desk. */
export const LOGIC_LABEL: Record<RoutingLogic, string> = { sequential: 'Sequential', parallel: 'Parallel', seeking: 'Liquidity-seeking' };
export const LOGIC_SHORT: Record<RoutingLogic, string> = { sequential: 'SEQ', parallel: 'PAR', seeking: 'SEEK' };
export const LOGIC_TITLE: Record<RoutingLogic, string> = {
  sequential: 'One venue at a time, best expected all-in cost first; what does not fill there is cancelled and goes on to the next venue',
  parallel: 'Everything at once: a sweep takes all displayed liquidity at or better than the cap across venues; posts and midpoint orders are split over the best venues',
  seeking:
    'Liquidity-seeking (Cont & Kukanov): spread over a market order, limit orders on each lit queue and dark pools, chunk by chunk, to the lowest expected cost; dark pools probed with minimum quantities',
};
export const ROUTING_LOGICS: readonly RoutingLogic[] = ['sequential', 'parallel', 'seeking'];

/**
 * Why the trilemma point gives this logic — the engine's one mapping
 * (engine/strategies/trilemma.ts parametersFor): liquidity-seeking when impact
 * ≥ 40 %, else parallel when completion ≥ 50 %, else sequential.
 */
export function trilemmaWhy(point: { impact: number; completion: number } | null | undefined): string {
  if (!point) return 'from the trilemma point';
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  if (point.impact >= 0.4 - 1e-12) return `impact ${pct(point.impact)} ≥ 40 %: hide in dark pools and queues`;
  if (point.completion >= 0.5 - 1e-12) return `completion ${pct(point.completion)} ≥ 50 %: sweep everything at once`;
  return `impact ${pct(point.impact)} < 40 % and completion ${pct(point.completion)} < 50 %: cheapest venue first`;
}

/** Why this logic: the trilemma point's reason, or that it was set on the parent (which then wins over the point). */
export function routingWhy(routing: { chosenBy: 'plan' | 'trilemma' } | null | undefined, point: { impact: number; completion: number } | null | undefined): string {
  if (!routing) return '';
  return routing.chosenBy === 'plan' ? 'set on the parent’s strategy: the trilemma point no longer chooses' : trilemmaWhy(point);
}
