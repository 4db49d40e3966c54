import { describe, expect, it } from 'vitest';
import { FixFramer, fieldOf, type GarbledInput } from './framing';
import { encode } from './rawClient';

function frame(chunks: Buffer[]): { frames: Buffer[]; garbled: GarbledInput[]; first: Buffer[] } {
  const garbled: GarbledInput[] = [];
  const first: Buffer[] = [];
  const framer = new FixFramer({ beginString: 'FIX.4.4', onGarbled: (g) => garbled.push(g), onFirstFrame: (f) => first.push(f) });
  const frames: Buffer[] = [];
  framer.on('data', (f: Buffer) => frames.push(f));
  for (const c of chunks) framer.write(c);
  return { frames, garbled, first };
}

const msg = (id: string, tamper = {}) => encode('D', [[11, id], [55, 'AAPL']], tamper);

describe('FixFramer', () => {
  it('finds whole messages however the bytes arrive', () => {
    const bytes = Buffer.concat([msg('a'), msg('b'), msg('c')]);
    const byByte = frame([...bytes].map((b) => Buffer.from([b])));
    const atOnce = frame([bytes]);
    for (const r of [byByte, atOnce]) {
      expect(r.frames.map((f) => fieldOf(f, 11))).toEqual(['a', 'b', 'c']);
      expect(r.garbled).toEqual([]);
      expect(fieldOf(r.first[0], 11)).toBe('a');
    }
  });

  it('drops what is garbled and keeps the messages around it', () => {
    const r = frame([Buffer.concat([Buffer.from('junk'), msg('a'), msg('x', { checksum: true }), msg('y', { bodyLengthBy: 2 }), msg('b')])]);
    expect(r.frames.map((f) => fieldOf(f, 11))).toEqual(['a', 'b']);
    expect(r.garbled.map((g) => g.reason)).toEqual([
      'bytes outside any message (no BeginString 8=FIX)',
      expect.stringMatching(/^CheckSum \(10\) \d{3} is wrong/),
      expect.stringMatching(/^BodyLength \(9\) \d+ does not end where CheckSum \(10\) starts/),
    ]);
  });

  it('refuses to wait for an impossible BodyLength', () => {
    const r = frame([Buffer.from('8=FIX.4.4\x019=99999999\x0135=D\x01'), msg('a')]);
    expect(r.garbled[0].reason).toBe('BodyLength (9) "99999999" is not a number');
    expect(r.frames.map((f) => fieldOf(f, 11))).toEqual(['a']);
    const big = frame([Buffer.from('8=FIX.4.4\x019=9999999\x0135=D\x01'), msg('b')]);
    expect(big.garbled[0].reason).toBe('BodyLength (9) 9999999 is over the 65536-byte limit');
  });
});
