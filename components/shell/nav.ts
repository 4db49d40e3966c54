/** The desk's sections, all live. */
export interface Section {
  href: string;
  label: string;
  title: string;
  /** What the section will show, for its empty state. */
  blurb: string;
  /** What will appear there, as a short list. */
  items: string[];
  ready: boolean;
}

export const SECTIONS: Section[] = [
  {
    href: '/orders',
    label: 'Orders',
    title: 'Staged Orders',
    blurb: 'Order ticket and the staged orders blotter.',
    items: [],
    ready: true,
  },
  {
    href: '/parents',
    label: 'Parents',
    title: 'Parent Orders',
    blurb: 'Small orders grouped into parent orders, why each was grouped, and the internal crosses that netted opposing interest at the midpoint.',
    items: [],
    ready: true,
  },
  {
    href: '/routing',
    label: 'Routing',
    title: 'Smart Order Routing',
    blurb: 'Where child orders were sent and why: the live child-order blotter and, per parent, a venue map of what is working, in flight and filled, with the routing logic and what chose it.',
    items: [],
    ready: true,
  },
  {
    href: '/venues',
    label: 'Venues',
    title: 'Venue Scorecard',
    blurb: 'What our own children taught the router about each venue: fill probability by order type and size, time to fill, fees paid, spread and markouts; supervisors switch venues here too.',
    items: [],
    ready: true,
  },
  {
    href: '/market',
    label: 'Market',
    title: 'Market Data',
    blurb: 'Depth per venue and consolidated, prints, intraday chart and venue status.',
    items: ['Consolidated and per-venue depth ladders', 'One-minute chart with session VWAP', 'Time & sales, venue switches for supervisors'],
    ready: true,
  },
  {
    href: '/tca',
    label: 'TCA',
    title: 'Transaction Cost Analysis',
    blurb: 'Execution quality, live: slippage of parents, children and small orders against arrival, interval VWAP, TWAP and the close; implementation shortfall split into delay, execution, opportunity and fees; CSV exports and a printable report.',
    items: [],
    ready: true,
  },
  {
    href: '/supervisor',
    label: 'Supervisor',
    title: 'Supervisor',
    blurb: 'Keep the desk safe: kill switches for the desk, a trader or an instrument, the restricted list, pre-trade limits and venue status, each change with a reason.',
    items: [],
    ready: true,
  },
  {
    href: '/audit',
    label: 'Audit',
    title: 'Audit Trail',
    blurb: 'The journal searched by order, parent, user, event type and engine time: who did what and when, each event as journaled, exported as CSV. Compliance and supervisors only.',
    items: [],
    ready: true,
  },
];

export const sectionFor = (href: string) => SECTIONS.find((s) => s.href === href);
