import { parseQty } from '@/components/data/format';

/** The risk limits as risk.state returns them. */
export interface Limits {
  maxOrderQty: number;
  maxOrderNotional: number;
  creditPerUser: number;
  creditPerDesk: number;
  collarBps: number;
  duplicateWindowMs: number;
  duplicateWindowFixMs: number;
  maxMessagesPerSecond: number;
}

export type LimitKey = keyof Limits;

export interface LimitField {
  key: LimitKey;
  label: string;
  /** What the rule does, in one line. */
  help: string;
  /** '$' is a prefix; the others follow the number. */
  unit: '$' | 'sh' | 'bps' | 'ms' | 'msgs/s';
  /** Whole numbers only (shares, milliseconds, messages). */
  integer: boolean;
  /** The reject code the rule raises. */
  code: string;
  /** 0 (or "off") turns the rule off. */
  offAtZero?: true;
}

export const LIMIT_FIELDS: LimitField[] = [
  { key: 'maxOrderQty', label: 'Max order quantity', help: 'Largest single order', unit: 'sh', integer: true, code: 'MAX_QTY' },
  { key: 'maxOrderNotional', label: 'Max order notional', help: 'Largest single order value', unit: '$', integer: false, code: 'MAX_NOTIONAL' },
  { key: 'creditPerUser', label: 'Credit per user', help: 'Open notional one trader may have working', unit: '$', integer: false, code: 'CREDIT_USER' },
  { key: 'creditPerDesk', label: 'Credit per desk', help: 'Open notional one desk may have working', unit: '$', integer: false, code: 'CREDIT_DESK' },
  { key: 'collarBps', label: 'Price collar', help: 'How far through the reference a limit may be', unit: 'bps', integer: false, code: 'PRICE_COLLAR' },
  { key: 'duplicateWindowMs', label: 'Duplicate window', help: 'Same owner, side, symbol and size inside it (ticket, API, basket)', unit: 'ms', integer: true, code: 'DUPLICATE' },
  { key: 'duplicateWindowFixMs', label: 'Duplicate window, FIX', help: 'The same for FIX flow; 0 is off (ClOrdID still unique)', unit: 'ms', integer: true, code: 'DUPLICATE', offAtZero: true },
  { key: 'maxMessagesPerSecond', label: 'Message throttle', help: 'Order messages per user per second', unit: 'msgs/s', integer: true, code: 'THROTTLE' },
];

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** The number as typed in the form: thousands separators, no unit ("off" for a rule turned off). */
export const formatLimitNumber = (field: Pick<LimitField, 'offAtZero'>, n: number) => (n === 0 && field.offAtZero ? 'off' : grouped.format(n));

/** The number with its unit: $25,000,000 · 500 bps · 5,000 ms · 50 msgs/s · 500,000 sh. */
export function formatLimit(field: Pick<LimitField, 'unit' | 'offAtZero'>, n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  if (n === 0 && field.offAtZero) return 'off';
  return field.unit === '$' ? `$${grouped.format(n)}` : `${grouped.format(n)} ${field.unit}`;
}

/**
 * Parses a limit as a desk head types it: "1000", "1,000", "$25m", "2.5k".
 * Returns an error text instead of a number when it cannot be a limit.
 */
export function parseLimit(field: LimitField, text: string): { ok: true; value: number } | { ok: false; error: string } {
  if (saysOff(field, text)) return { ok: true, value: 0 };
  const t = text.trim().replace(/^\$/, '').replace(/\s*(sh|bps|ms|msgs\/s)$/i, '');
  const negative = t.startsWith('-');
  const v = parseQty(negative ? t.slice(1) : t);
  if (!Number.isFinite(v)) return { ok: false, error: 'not a number' };
  const tooLow = field.offAtZero ? 'must be 0 (off) or more' : 'must be above zero';
  if (negative) return { ok: false, error: tooLow };
  if (v === 0 && field.offAtZero) return { ok: true, value: 0 };
  if (!(v > 0)) return { ok: false, error: tooLow };
  if (field.integer && !Number.isInteger(v)) return { ok: false, error: 'whole numbers only' };
  return { ok: true, value: v };
}

/** The field's text turns its rule off ("off", as the form shows a 0 there). */
export function saysOff(field: Pick<LimitField, 'offAtZero'>, text: string): boolean {
  return !!field.offAtZero && /^\s*off\s*$/i.test(text);
}
