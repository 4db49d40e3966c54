import type { SubmitOrder } from '../commands';
import type { RejectCode } from '../events';
import { type Instrument, toDollars, toPriceUnits } from '../instruments';
import { SIDES, SOURCES, URGENCIES, type OrderSource, type Side, type SmallOrder, type Urgency } from './types';

/** A small order that passed the static checks: the fields the engine keeps, before it has an id. */
export type NormalizedOrder = Pick<SmallOrder, 'clOrdId' | 'owner' | 'desk' | 'source' | 'symbol' | 'side' | 'qty' | 'limitPx' | 'urgency' | 'basketId'>;

export type Verdict = { ok: true; order: NormalizedOrder } | { ok: false; code: RejectCode; reason: string };

const MAX_QTY = 1_000_000_000;
const CLORDID = /^[\x21-\x7e]{1,64}$/;

const reject = (code: RejectCode, reason: string): Verdict => ({ ok: false, code, reason });

/**
 * Static checks of one small order against its instrument. Duplicate client order
 * ids need state and are checked by the order book (SmallOrders.hasClOrdId).
 */
export function validateSubmit(cmd: SubmitOrder, instruments: ReadonlyMap<string, Instrument>): Verdict {
  if (typeof cmd.clOrdId !== 'string' || !CLORDID.test(cmd.clOrdId))
    return reject('BAD_FIELD', 'client order id must be 1–64 printable characters without spaces');
  if (!SIDES.includes(cmd.side as Side)) return reject('BAD_FIELD', `side must be buy or sell, not "${cmd.side}"`);
  if (!URGENCIES.includes(cmd.urgency as Urgency))
    return reject('BAD_FIELD', `urgency must be one of ${URGENCIES.join(', ')}, not "${cmd.urgency}"`);
  if (!SOURCES.includes(cmd.source as OrderSource)) return reject('BAD_FIELD', `unknown order source "${cmd.source}"`);
  if (!cmd.owner) return reject('BAD_FIELD', 'order has no owner');

  const inst = instruments.get(cmd.symbol);
  if (!inst) return reject('UNKNOWN_INSTRUMENT', `unknown instrument "${cmd.symbol}"`);

  if (typeof cmd.qty !== 'number' || !Number.isInteger(cmd.qty) || cmd.qty <= 0)
    return reject('BAD_QUANTITY', `quantity must be a positive whole number of shares, not ${cmd.qty}`);
  if (cmd.qty > MAX_QTY) return reject('BAD_QUANTITY', `quantity ${cmd.qty} exceeds the ${MAX_QTY} share ceiling`);
  if (cmd.qty % inst.lot !== 0)
    return reject('NOT_LOT_MULTIPLE', `quantity ${cmd.qty} is not a multiple of the ${inst.symbol} lot of ${inst.lot}`);

  let limitPx: number | undefined;
  if (cmd.limitPrice !== undefined) {
    if (typeof cmd.limitPrice !== 'number' || !Number.isFinite(cmd.limitPrice) || cmd.limitPrice <= 0)
      return reject('BAD_PRICE', `limit price must be a positive number, not ${cmd.limitPrice}`);
    limitPx = toPriceUnits(cmd.limitPrice);
    if (limitPx === undefined || limitPx % inst.tick !== 0)
      return reject(
        'OFF_TICK',
        `limit ${cmd.limitPrice} is not on the ${inst.symbol} tick grid of ${toDollars(inst.tick)}`,
      );
  }

  return {
    ok: true,
    order: {
      clOrdId: cmd.clOrdId,
      owner: cmd.owner,
      desk: cmd.desk,
      source: cmd.source as OrderSource,
      symbol: inst.symbol,
      side: cmd.side as Side,
      qty: cmd.qty,
      limitPx,
      urgency: cmd.urgency as Urgency,
      // Always present (undefined when not a basket line): one object shape on the hot path.
      basketId: cmd.basketId || undefined,
    },
  };
}
