import 'reflect-metadata';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DITokens, type IJsFixConfig, type MsgView } from 'jspurefix';
import { AsciiParser } from 'jspurefix/dist/buffer/ascii';
import type { ElasticBuffer } from 'jspurefix';
import { makeSessionScope } from 'jspurefix/dist/runtime/session-scope';
import { encode, fixTime, type Fields } from './rawClient';
import { acceptorConfig } from './gateway';
import { missingRequired } from './required';

/**
 * The plan's answer against jspurefix's own `view.missing()`, on messages parsed by
 * jspurefix's parser: any subset of header, body, component and group fields, of the
 * message types a session receives. (In the QuickFIX FIX 4.4 dictionary the desk loads,
 * required fields are in the message itself and its header and trailer; components and
 * groups are walked but hold none.)
 */
beforeAll(async () => {
  config = await acceptorConfig({ compId: 'DESK', host: '127.0.0.1', port: 0 });
});

let config: IJsFixConfig;
/** The views jspurefix's parser makes of these bytes; none when it cannot parse them (a group out of shape). */
function parse(bytes: Buffer): MsgView[] {
  const scope = makeSessionScope(config);
  const c = scope.sessionContainer;
  const parser = new AsciiParser(scope, null, c.resolve<ElasticBuffer>(DITokens.ParseBuffer), c.resolve<number>(DITokens.maxMessageLen));
  const views: MsgView[] = [];
  parser.on('msg', (_msgType: string, view: MsgView) => views.push(view));
  try {
    parser.parseBuffer(bytes);
  } catch {
    return [];
  }
  return views;
}

/** Runs of fields that belong together (a group's count and its instances); each is in or out, and any field of it may be dropped. */
const HEADER: Fields = [
  [49, 'OMS'],
  [56, 'DESK'],
  [34, 7],
  [43, 'Y'],
  [52, fixTime()],
];
const BODY: Fields[] = [
  [[11, 'c1']],
  [[41, 'c0']],
  [[37, 'O-1']],
  [[1, 'acct']],
  [
    [453, 2],
    [448, 'P1'],
    [447, 'D'],
    [452, 1],
    [448, 'P2'],
    [447, 'D'],
    [452, 3],
  ],
  [
    [78, 1],
    [79, 'A1'],
    [80, 100],
  ],
  [[55, 'AAPL']],
  [[48, '037833100']],
  [[22, '1']],
  [
    [711, 1],
    [311, 'X'],
  ],
  [[54, 1]],
  [[60, fixTime()]],
  [[38, 100]],
  [[40, 2]],
  [[44, 150]],
  [[59, 0]],
  [[58, 'note']],
  [[847, 1]],
  [[17, 'E1']],
  [[150, '0']],
  [[39, '0']],
  [[151, 100]],
  [[14, 0]],
  [[6, 0]],
  [[98, 0]],
  [[108, 30]],
  [[7, 1]],
  [[16, 0]],
  [[45, 3]],
  [[373, 1]],
  [[372, 'D']],
  [[380, 3]],
  [[434, 1]],
  [[102, 1]],
];
const TYPES = ['D', 'F', 'G', '8', '9', 'A', '0', '1', '2', '3', '4', '5', 'j'];

const arbMessage = fc.record({
  msgType: fc.constantFrom(...TYPES),
  header: fc.subarray(HEADER),
  body: fc.array(fc.tuple(fc.constantFrom(...BODY), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 })), { maxLength: 14 }),
});

function fieldsOf(m: { header: Fields; body: Array<[Fields, boolean[]]> }): Fields {
  const body: Fields = [];
  for (const [run, keep] of m.body) run.forEach((f, i) => keep[i] !== false && body.push(f));
  return [...m.header, ...body];
}

describe('the required-field plan', () => {
  it('finds the same missing tags as jspurefix, in the same order (property)', () => {
    let compared = 0;
    let missing = 0;
    fc.assert(
      fc.property(arbMessage, (m) => {
        for (const view of parse(encode(m.msgType, fieldsOf(m)))) {
          const theirs = view.missing();
          expect(missingRequired(view)).toEqual(theirs);
          compared++;
          if (theirs.length) missing++;
        }
      }),
      { numRuns: 3_000 },
    );
    // Both kinds were tried: complete messages and incomplete ones.
    expect(compared).toBeGreaterThan(2_000);
    expect(missing).toBeGreaterThan(100);
    expect(compared - missing).toBeGreaterThan(10);
  });

  it('names what a NewOrderSingle lacks', () => {
    const [view] = parse(encode('D', [...HEADER, [11, 'c1'], [55, 'AAPL'], [38, 100], [40, 2]]));
    expect(missingRequired(view)).toEqual([54, 60]);
  });
});
