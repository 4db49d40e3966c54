import 'reflect-metadata';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IJsFixConfig, ILooseObject, ISessionDescription } from 'jspurefix';
import { makeSessionScope } from 'jspurefix/dist/runtime/session-scope';
import { FIELDS, acceptBodyFields, type BodyFields } from './encoding';
import { acceptorConfig } from './gateway';
import { DirectTransmitter } from './transmitter';

/**
 * The whole-message path (`templated`) against the same transmitter on jspurefix's path
 * (`encodeMessage` with the body-fields encoder, itself checked against jspurefix's own
 * encoder in encoding.test.ts): the same bytes on the wire, the same logged text, the same
 * header, the same numbering — for any body, and whichever path a message takes.
 */
class JspurefixPath extends DirectTransmitter {
  protected override templated(): undefined {
    return undefined;
  }
}

/** Counts the messages written whole, so the property is seen to test that path and not only the fallback. */
let whole = 0;
class Counted extends DirectTransmitter {
  protected override templated(msgType: string, obj: ILooseObject) {
    const message = super.templated(msgType, obj);
    if (message) whole++;
    return message;
  }
}

let system: IJsFixConfig;
beforeAll(async () => {
  system = await acceptorConfig({ compId: 'DESK', host: '127.0.0.1', port: 0 });
});

type Sent = { wire: string; text: string; header: unknown; seq: number; encoded: string | null; error: string | null };

/** A transmitter as the gateway makes one (gateway.ts `open`), writing to a buffer. */
function transmitter(Kind: typeof DirectTransmitter, targetCompId: string): { t: DirectTransmitter; send(msgType: string, obj: ILooseObject): Sent } {
  const scope = makeSessionScope(system, { TargetCompID: targetCompId } as Partial<ISessionDescription>);
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const t = new Kind(scope, out);
  acceptBodyFields(t);
  return {
    t,
    send(msgType, obj) {
      let text = '';
      let header: unknown;
      t.once('encoded', (_type: string, txt: string, hdr: unknown) => ((text = txt), (header = hdr)));
      let answer: { encoded: string | null; error: string | null } = { encoded: null, error: null };
      t.send(msgType, obj, (error, r) => (answer = { encoded: r.encoded?.toString('latin1') ?? null, error: error?.message ?? null }));
      const wire = Buffer.concat(chunks.splice(0)).toString('latin1');
      return { wire, text, header, seq: t.msgSeqNum, ...answer };
    },
  };
}

const ordinary = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 .:-]{1,24}$/), fc.constantFrom('20261122-14:30:00.123', '100', '227.5', 'AAPL'));
const value = fc.oneof({ weight: 40, arbitrary: ordinary }, fc.string({ maxLength: 12 }), fc.constantFrom('a|b', 'x\u0001y', 'ünï', '', 'a=b', '\u007f'));
const body: fc.Arbitrary<BodyFields> = fc.array(fc.tuple(fc.constantFrom(37, 11, 17, 150, 39, 55, 54, 38, 44, 14, 151, 6, 60, 58, 5000), value), { minLength: 1, maxLength: 25 });

describe('DirectTransmitter', () => {
  it("writes a message whole exactly as jspurefix's path writes it, and numbers it the same (property)", () => {
    whole = 0;
    let sent = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom('OMS', 'DROP') }, fc.constantFrom('a|b', 'ü')),
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.array(fc.tuple(fc.constantFrom('8', '9', 'j'), body, fc.integer({ min: 0, max: 3 }).map((n) => n === 0)), { minLength: 1, maxLength: 6 }),
        (target, firstSeq, time, messages) => {
          const ours = transmitter(Counted, target);
          const theirs = transmitter(JspurefixPath, target);
          for (const x of [ours, theirs]) {
            x.t.msgSeqNum = firstSeq;
            x.t.time = new Date(time);
          }
          for (const [msgType, fields, resent] of messages) {
            // A resend's own header (PossDup) is jspurefix's to write.
            const obj = { [FIELDS]: fields, ...(resent ? { StandardHeader: { MsgSeqNum: firstSeq, PossDupFlag: true, SendingTime: new Date(time - 1000) } } : {}) };
            const a = ours.send(msgType, obj);
            expect(a).toEqual(theirs.send(msgType, obj));
            expect(a.error).toBeNull();
            expect(a.wire).toBe(a.encoded);
            sent++;
          }
        },
      ),
      { numRuns: 500 },
    );
    // Many messages were ordinary: the property tested the whole-message path, not only the fallback.
    expect(whole).toBeGreaterThan(sent / 4);
  });

  it('sends a report as FIX: BodyLength from MsgType to the body, CheckSum of the wire bytes', () => {
    const { t, send } = transmitter(DirectTransmitter, 'OMS');
    t.msgSeqNum = 42;
    t.time = new Date(Date.UTC(2026, 10, 22, 14, 30, 0, 5));
    const sent = send('8', { [FIELDS]: [[37, 'O0000001'], [11, 'c1'], [150, '0'], [39, '0']] });
    expect(sent.text).toMatch(/^8=FIX\.4\.4\|9=0000080\|35=8\|49=DESK\|56=OMS\|34=42\|52=20261122-14:30:00\.005\|37=O0000001\|11=c1\|150=0\|39=0\|10=\d{3}\|$/);
    const wire = Buffer.from(sent.wire, 'latin1');
    const bodyFrom = wire.indexOf('35=');
    expect(wire.indexOf('\u000110=') + 1 - bodyFrom).toBe(80);
    let sum = 0;
    for (let i = 0; i < wire.length - 7; i++) sum += wire[i];
    expect(sent.wire.slice(-7)).toBe(`10=${String(sum % 256).padStart(3, '0')}\u0001`);
    expect(sent.seq).toBe(43);
  });
});
