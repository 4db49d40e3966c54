import type { SubmitOrder } from '../commands';
import type { RejectCode } from '../events';
import { type Instrument, toDollars, toPriceUnits } from '../instruments';
import { SIDES, SOURCES, URGENCIES, type OrderSource, type Side, type Urgency } from './types';

/** Why a SubmitOrder was refused before any state was read. */
export interface Rejection {
  code: RejectCode;
  reason: string;
}

const MAX_QTY = 1_000_000_000;
const CLORDID = /^[\x21-\x7e]{1,64}$/;

const reject = (code: RejectCode, reason: string): Rejection => ({ code, reason });

/**
 * Static checks of one small order against its instrument; undefined when it passes.
 * A command that passes is the order as the engine keeps it: its side, urgency and source
 * are the names the desk uses, its symbol names a known instrument and its limit price
 * (`limitPx`) is on that instrument's tick grid — so the engine builds the accepted order
 * straight from the command, with nothing normalized in between. Duplicate client order
 * ids need state and are checked by the order book (SmallOrders.hasClOrdId).
 */
export function validateSubmit(cmd: SubmitOrder, instruments: ReadonlyMap<string, Instrument>): Rejection | undefined {
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

  if (cmd.limitPrice !== undefined) {
    if (typeof cmd.limitPrice !== 'number' || !Number.isFinite(cmd.limitPrice) || cmd.limitPrice <= 0)
      return reject('BAD_PRICE', `limit price must be a positive number, not ${cmd.limitPrice}`);
    const limitPx = toPriceUnits(cmd.limitPrice);
    if (limitPx === undefined || limitPx % inst.tick !== 0)
      return reject(
        'OFF_TICK',
        `limit ${cmd.limitPrice} is not on the ${inst.symbol} tick grid of ${toDollars(inst.tick)}`,
      );
  }
  return undefined;
}

/** A valid command's limit in price units (validateSubmit checked it converts), or undefined for a market order. */
export function limitPxOf(cmd: SubmitOrder): number | undefined {
  return cmd.limitPrice === undefined ? undefined : toPriceUnits(cmd.limitPrice);
}
