import 'reflect-metadata';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DefinitionFactory, ElasticBuffer, type FixDefinitions, type MsgTransmitter } from 'jspurefix';
import { AsciiEncoder } from 'jspurefix/dist/buffer/ascii';
import { FIELDS, acceptBodyFields, executionReportFields, headerFields, trailerFields } from './encoding';
import { ExecType, executionReport, executionReportBody, rejectionReport, type ReportFields, type ReportedOrder } from './mapping';
import { deserialize, serialize } from './session';
import { wireCopy } from './transmitter';

/**
 * The ExecutionReport template against jspurefix's own encoder, byte for byte: the
 * same objects through both, the same text (as logged) and the same wire bytes.
 */
let plain: AsciiEncoder;
let templated: AsciiEncoder;
beforeAll(async () => {
  const definitions: FixDefinitions = await new DefinitionFactory().getDefinitions('qf44');
  plain = new AsciiEncoder(new ElasticBuffer(), definitions);
  // The encoder a session's transmitter gets (gateway.ts).
  const transmitter = { encoder: new AsciiEncoder(new ElasticBuffer(), definitions) } as unknown as MsgTransmitter;
  acceptBodyFields(transmitter);
  templated = transmitter.encoder as AsciiEncoder;
});

/** What an encoder writes for a body: [logged text, wire bytes, delimiters recorded]. */
function encode(encoder: AsciiEncoder, body: Record<string | symbol, unknown>): [string, Buffer, number] {
  encoder.reset();
  encoder.encode(body, 'ExecutionReport');
  return [encoder.buffer.toString(), encoder.trim(), encoder.tags.nextTagPos];
}

function sameAsJspurefix(er: Record<string, unknown>): boolean {
  const fields = executionReportFields(er);
  if (!fields) return false;
  expect(encode(templated, { [FIELDS]: fields })).toEqual(encode(plain, er));
  return true;
}

const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('cancelled by sam: client called', 'a|b', 'x=y', 'ünïcödé'));
const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), fc.string({ minLength: 1, maxLength: 20 }));
/** Prices in price units (1e-6 dollars), sizes in shares: the desk's own values. */
const arbOrder: fc.Arbitrary<ReportedOrder> = fc.record(
  {
    orderId: id,
    clOrdId: id,
    symbol: fc.constantFrom('AAPL', 'BRK.B', 'KO'),
    side: fc.constantFrom('buy', 'sell'),
    qty: fc.integer({ min: 1, max: 10_000_000 }),
    limitPx: fc.option(fc.integer({ min: 1, max: 2_000_000_000 }), { nil: undefined }),
    cumQty: fc.integer({ min: 0, max: 10_000_000 }),
    cumValue: fc.double({ min: 0, max: 1e16, noNaN: true }),
    status: fc.constantFrom('new', 'partial', 'filled', 'cancelled'),
  },
  { requiredKeys: ['orderId', 'clOrdId', 'symbol', 'side', 'qty', 'cumQty', 'cumValue', 'status'] },
);
const arbFields: fc.Arbitrary<ReportFields> = fc.record(
  {
    execId: id,
    execType: fc.constantFrom(...Object.values(ExecType)),
    at: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    clOrdId: id,
    origClOrdId: id,
    lastQty: fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0.001, max: 1e9, noNaN: true })),
    lastPx: fc.integer({ min: 1, max: 2_000_000_000 }),
    lastMkt: fc.constantFrom('NYSE', 'IEX', 'MIDX'),
    text,
    account: id,
    ordStatus: fc.constantFrom('0', '1', '2'),
    execRestatementReason: fc.integer({ min: 0, max: 99 }),
  },
  { requiredKeys: ['execId', 'execType', 'at'] },
);

/** A header through an encoder: [logged text, wire bytes, delimiters recorded, BodyLength's position, MsgType's position]. */
function encodeHeader(encoder: AsciiEncoder, header: Record<string, unknown>): [string, Buffer, number, number, number] {
  encoder.reset();
  encoder.encode(header, 'StandardHeader');
  return [encoder.buffer.toString(), encoder.trim(), encoder.tags.nextTagPos, encoder.bodyLengthPos, encoder.msgTypePos];
}

describe('the header template', () => {
  const compId = fc.oneof(fc.constantFrom('DESK', 'OMS', 'DROP'), fc.string({ maxLength: 12 }));
  const time = fc.integer({ min: Date.UTC(900, 0, 1), max: Date.UTC(10_100, 0, 1) }).map((t) => new Date(t));
  const ordinary = fc.record({
    BeginString: fc.constant('FIX.4.4'),
    BodyLength: fc.constant(1_000_001),
    MsgType: fc.constantFrom('8', '9', 'j', '0', '1', '2', '3', '4', '5', 'A'),
    SenderCompID: compId,
    MsgSeqNum: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer()),
    SendingTime: time,
    TargetCompID: compId,
    TargetSubID: fc.constant(undefined),
    SenderSubID: fc.constant(undefined),
  });
  // What a resend adds (jspurefix writes those headers itself).
  const resent = fc.oneof(fc.constant({}), fc.record({ PossDupFlag: fc.boolean(), OrigSendingTime: time, TargetSubID: fc.string({ maxLength: 4 }) }, { requiredKeys: [] }));

  it("writes every header jspurefix's session factory makes exactly as jspurefix does (property)", () => {
    let taken = 0;
    fc.assert(
      fc.property(ordinary, resent, (h, extra) => {
        const header = { ...h, ...extra };
        if (headerFields(header)) taken++;
        expect(encodeHeader(templated, header)).toEqual(encodeHeader(plain, header));
      }),
      { numRuns: 3_000 },
    );
    expect(taken).toBeGreaterThan(1_000);
  });

  it("sends the bytes of jspurefix's trim: header, body and trailer, SOH-delimited (property)", () => {
    fc.assert(
      fc.property(ordinary, arbOrder, arbFields, (h, o, f) => {
        for (const encoder of [templated, plain]) {
          encoder.reset();
          encoder.encode(h, 'StandardHeader');
          encoder.encode(executionReport(o, f), 'ExecutionReport');
          encoder.encode({ CheckSum: '123' }, 'StandardTrailer');
          expect(wireCopy(encoder)).toEqual(encoder.trim());
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("takes the ordinary header, and leaves a resend's to jspurefix", () => {
    const h = { BeginString: 'FIX.4.4', BodyLength: 1_000_001, MsgType: '8', SenderCompID: 'DESK', MsgSeqNum: 12, SendingTime: new Date(Date.UTC(2026, 10, 21, 16, 53, 12, 130)), TargetCompID: 'OMS', TargetSubID: undefined, SenderSubID: undefined };
    expect(headerFields(h)).toEqual([[8, 'FIX.4.4'], [9, '1000001'], [35, '8'], [49, 'DESK'], [56, 'OMS'], [34, '12'], [52, '20261121-16:53:12.130']]);
    expect(headerFields({ ...h, PossDupFlag: true, OrigSendingTime: h.SendingTime })).toBeUndefined();
    expect(headerFields({ ...h, MsgSeqNum: 1.5 })).toBeUndefined();
  });
});

describe('the trailer template', () => {
  /** A trailer through an encoder: [logged text, wire bytes, delimiters recorded]. */
  const encodeTrailer = (encoder: AsciiEncoder, trailer: Record<string, unknown>): [string, Buffer, number] => {
    encoder.reset();
    encoder.encode(trailer, 'StandardTrailer');
    return [encoder.buffer.toString(), encoder.trim(), encoder.tags.nextTagPos];
  };
  it("writes every trailer jspurefix's session factory makes exactly as jspurefix does, and leaves others to it (property)", () => {
    let taken = 0;
    const sum = fc.oneof(fc.integer({ min: 0, max: 255 }).map((n) => String(n).padStart(3, '0')), fc.string({ maxLength: 4 }), fc.constant('1٣4'));
    const extra = fc.oneof(fc.constant({}), fc.record({ SignatureLength: fc.integer({ min: 1, max: 9 }), Signature: fc.string({ minLength: 1, maxLength: 4 }) }, { requiredKeys: [] }));
    fc.assert(
      fc.property(sum, extra, (CheckSum, more) => {
        const trailer = { CheckSum, ...more };
        if (trailerFields(trailer)) taken++;
        expect(encodeTrailer(templated, trailer)).toEqual(encodeTrailer(plain, trailer));
      }),
      { numRuns: 2_000 },
    );
    expect(taken).toBeGreaterThan(300);
    expect(trailerFields({ CheckSum: '007' })).toEqual([[10, '007']]);
    expect(trailerFields({ CheckSum: '07' })).toBeUndefined();
  });
});

describe('the ExecutionReport template', () => {
  it('writes every report the desk makes exactly as jspurefix does (property)', () => {
    fc.assert(
      fc.property(arbOrder, arbFields, (o, f) => {
        expect(sameAsJspurefix(executionReport(o, f))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes a report straight to fields as it writes the report object (property)', () => {
    fc.assert(
      fc.property(arbOrder, arbFields, (o, f) => {
        expect(executionReportBody(o, f)).toEqual(executionReportFields(executionReport(o, f)));
      }),
      { numRuns: 3_000 },
    );
    // Values it cannot write leave the whole report to jspurefix, as the object's do.
    const o: ReportedOrder = { orderId: 'O1', clOrdId: 'c1', symbol: 'AAPL', side: 'buy', qty: 100, cumQty: 0, cumValue: 0, status: 'new' };
    for (const [bad, f] of [
      [{ ...o, qty: 1e21 }, { execId: 'e', execType: '0', at: 0 }],
      [o, { execId: 'e', execType: '0', at: Date.UTC(999, 0, 1) }],
      [o, { execId: 'e', execType: '0', at: Number.NaN }],
      [o, { execId: 'e', execType: '0', at: 0, execRestatementReason: 1.5 }],
    ] as Array<[ReportedOrder, ReportFields]>) {
      expect(executionReportBody(bad, f)).toBeUndefined();
      expect(executionReportFields(executionReport(bad, f))).toBeUndefined();
    }
  });

  it('writes rejections exactly as jspurefix does (property)', () => {
    fc.assert(
      fc.property(id, fc.string({ maxLength: 8 }), fc.constantFrom('1', '2', ''), fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.constant(Number.NaN)), text, fc.integer({ min: 0, max: 99 }), (clOrdId, symbol, side, qty, why, reason) => {
        expect(sameAsJspurefix(rejectionReport({ clOrdId, symbol, side, qty }, { execId: 'e1', at: Date.UTC(2026, 10, 20, 14, 30), text: why, ordRejReason: reason }))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writes any number it takes as jspurefix does, and leaves the rest to jspurefix (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e6, max: 1e6 }).map((v) => Math.round(v * 1e6) / 1e6)), (v) => {
        const er = { OrderID: 'O1', ClOrdID: 'c', ExecID: 'e', ExecType: '0', OrdStatus: '0', Side: '1', LeavesQty: 0, CumQty: v, AvgPx: 0 };
        if (executionReportFields(er)) sameAsJspurefix(er);
        // The values a desk writes always take the template: whole numbers below 1e15, and prices and averages to 6 places.
        // (Beyond those, e.g. 1.9e15 or 1.00000000000001, the template may leave the number to jspurefix: checked above.)
        if ((Number.isInteger(v) && Math.abs(v) < 1e15) || (Math.abs(v) < 1e6 && Math.round(v * 1e6) / 1e6 === v)) expect(executionReportFields(er)).toBeDefined();
      }),
      { numRuns: 3_000 },
    );
  });

  it('leaves to jspurefix what it does not know: another field, another shape, an odd value', () => {
    const base = executionReport(
      { orderId: 'O1', clOrdId: 'c1', symbol: 'AAPL', side: 'buy', qty: 100, limitPx: 2_275_000, cumQty: 0, cumValue: 0, status: 'new' },
      { execId: 'e1', execType: ExecType.New, at: Date.UTC(2026, 10, 20, 14, 30) },
    );
    expect(sameAsJspurefix(base)).toBe(true);
    expect(executionReportFields({ ...base, SettlDate: '20261123' })).toBeUndefined();
    expect(executionReportFields({ ...base, Instrument: { Symbol: 'AAPL', SecurityID: 'x' } })).toBeUndefined();
    expect(executionReportFields({ ...base, CumQty: 1e21 })).toBeUndefined();
    expect(executionReportFields({ ...base, OrdRejReason: 1.5 })).toBeUndefined();
    expect(executionReportFields({ ...base, TransactTime: new Date(Date.UTC(999, 0, 1)) })).toBeUndefined();
    expect(executionReportFields({ ...base, TransactTime: 'now' })).toEqual(expect.arrayContaining([[60, 'now']]));
  });

  it('a templated body survives the traffic log for a resend', () => {
    const fields = executionReportFields(
      executionReport({ orderId: 'O1', clOrdId: 'c|1', symbol: 'AAPL', side: 'sell', qty: 100, cumQty: 40, cumValue: 40 * 2_275_100, status: 'partial' }, { execId: 'e1', execType: ExecType.Trade, at: Date.UTC(2026, 10, 20, 14, 30), lastQty: 40, lastPx: 2_275_100 }),
    )!;
    const back = deserialize(serialize({ [FIELDS]: fields }));
    expect((back as Record<symbol, unknown>)[FIELDS]).toEqual(fields);
    // Any values, SOH and '=' included; and the JSON form of earlier traffic logs still reads.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', '=', '|', '\x01', 'ü', '0') }))), (any) => {
        expect((deserialize(serialize({ [FIELDS]: any })) as Record<symbol, unknown>)[FIELDS]).toEqual(any);
      }),
      { numRuns: 1_000 },
    );
    expect((deserialize(JSON.stringify({ $fields: fields })) as Record<symbol, unknown>)[FIELDS]).toEqual(fields);
    // Ordinary objects as before, dates and all.
    const at = new Date(Date.UTC(2026, 10, 20));
    expect(deserialize(serialize({ RefSeqNum: 3, TransactTime: at }))).toEqual({ RefSeqNum: 3, TransactTime: at });
  });
});
