import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeDeltas, RowTopic, type StreamMessage } from './rowStream';
import { sharedJsonEncoder } from './sharedJson';

interface Row {
  id: string;
  owner: string;
  v: number;
}

function topic(conflateMs = 1) {
  const rows = new Map<string, Row>();
  let seq = 0;
  const t = new RowTopic<Row>(() => rows.values(), (r) => r.id, () => seq, 1000, conflateMs);
  const put = (row: Row) => {
    seq++;
    rows.set(row.id, row);
    t.publish(seq, row);
  };
  return { t, rows, put, seq: () => seq };
}

const all = () => true;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RowTopic', () => {
  it('sends a snapshot, then conflated deltas (last value wins per row)', async () => {
    const { t, put } = topic(30);
    put({ id: 'a', owner: 'x', v: 1 });
    const ac = new AbortController();
    const it = t.subscribe({ visible: all, signal: ac.signal });
    const first = (await it.next()).value as StreamMessage<Row>;
    expect(first).toEqual({ kind: 'snapshot', seq: 1, rows: [{ id: 'a', owner: 'x', v: 1 }] });
    const pending = it.next();
    const before = Date.now();
    for (let v = 2; v <= 50; v++) put({ id: 'a', owner: 'x', v });
    put({ id: 'b', owner: 'x', v: 1 });
    const delta = (await pending).value as StreamMessage<Row>;
    expect(delta.kind).toBe('delta');
    expect(delta.seq).toBe(51);
    expect(delta.rows).toEqual([
      { id: 'a', owner: 'x', v: 50 },
      { id: 'b', owner: 'x', v: 1 },
    ]);
    // Stamped with when its oldest change was published: how far behind a client is.
    expect(delta.since).toBeGreaterThanOrEqual(before);
    expect(delta.since).toBeLessThanOrEqual(Date.now());
    ac.abort();
    expect((await it.next()).done).toBe(true);
    expect(t.subscriberCount).toBe(0);
  });

  it('filters rows per subscriber', async () => {
    const { t, put } = topic(5);
    put({ id: 'a', owner: 'alice', v: 1 });
    put({ id: 'b', owner: 'bob', v: 1 });
    const ac = new AbortController();
    const it = t.subscribe({ visible: (r) => r.owner === 'alice', signal: ac.signal });
    expect(((await it.next()).value as StreamMessage<Row>).rows.map((r) => r.id)).toEqual(['a']);
    const pending = it.next();
    put({ id: 'c', owner: 'bob', v: 1 });
    put({ id: 'd', owner: 'alice', v: 1 });
    expect(((await pending).value as StreamMessage<Row>).rows.map((r) => r.id)).toEqual(['d']);
    ac.abort();
    await it.next();
  });

  it('resumes from a covered sequence number with only the missed rows, else snapshots', async () => {
    const { t, put } = topic();
    put({ id: 'a', owner: 'x', v: 1 });
    put({ id: 'b', owner: 'x', v: 1 });
    put({ id: 'a', owner: 'x', v: 2 });
    const first = async (lastSeq?: number) => {
      const ac = new AbortController();
      const it = t.subscribe({ visible: all, lastSeq, signal: ac.signal });
      const m = (await it.next()).value as StreamMessage<Row>;
      ac.abort();
      await it.next();
      return m;
    };
    expect(await first(1)).toEqual({ kind: 'delta', seq: 3, rows: [{ id: 'b', owner: 'x', v: 1 }, { id: 'a', owner: 'x', v: 2 }] });
    expect(await first(3)).toEqual({ kind: 'delta', seq: 3, rows: [] });
    expect((await first(99)).kind).toBe('snapshot'); // from the future (another journal): start over
    expect((await first(undefined)).kind).toBe('snapshot');
  });

  it('falls back to a snapshot when the ring no longer covers the gap', async () => {
    const { t, put } = topic();
    for (let i = 0; i < 1500; i++) put({ id: `r${i % 10}`, owner: 'x', v: i });
    const ac = new AbortController();
    const it = t.subscribe({ visible: all, lastSeq: 10, signal: ac.signal });
    const m = (await it.next()).value as StreamMessage<Row>;
    expect(m.kind).toBe('snapshot');
    expect(m.rows).toHaveLength(10);
    ac.abort();
    await it.next();
  });

  it('a subscriber that applies snapshot + deltas always converges to the source (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer(), fc.boolean()), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 79 }),
        async (updates, cut) => {
          const { t, put, rows, seq } = topic();
          const view = new Map<string, Row>();
          let lastSeq: number | undefined;
          const apply = (m: StreamMessage<Row>) => {
            if (m.kind === 'snapshot') view.clear();
            for (const r of m.rows) view.set(r.id, r);
            lastSeq = m.seq;
          };
          // Connect, take some updates, disconnect, miss some, reconnect with lastSeq.
          let ac = new AbortController();
          let it = t.subscribe({ visible: all, signal: ac.signal });
          apply((await it.next()).value as StreamMessage<Row>);
          for (const [i, v, pause] of updates.slice(0, cut)) {
            put({ id: `r${i}`, owner: 'x', v });
            if (pause) {
              const n = it.next();
              apply((await n).value as StreamMessage<Row>);
            }
          }
          ac.abort();
          await it.next();
          for (const [i, v] of updates.slice(cut)) put({ id: `r${i}`, owner: 'x', v });
          ac = new AbortController();
          it = t.subscribe({ visible: all, lastSeq, signal: ac.signal });
          apply((await it.next()).value as StreamMessage<Row>);
          expect(lastSeq).toBe(seq());
          expect(new Map([...view].sort())).toEqual(new Map([...rows].sort()));
          ac.abort();
          await it.next();
          await tick(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives every subscriber of one audience the same delta object, encoded once as the default encoder would', async () => {
    const { t, put } = topic(5);
    const subs = [0, 1, 2].map(() => {
      const ac = new AbortController();
      return { ac, it: t.subscribe({ visible: (r) => r.owner === 'alice', audience: 'trader:alice', signal: ac.signal }) };
    });
    const other = new AbortController();
    const bobs = t.subscribe({ visible: (r) => r.owner === 'bob', audience: 'trader:bob', signal: other.signal });
    for (const s of subs) await s.it.next();
    await bobs.next();
    const next = subs.map((s) => s.it.next());
    const bobNext = bobs.next();
    put({ id: 'a', owner: 'alice', v: 1 });
    put({ id: 'b', owner: 'bob', v: 2 });
    const got = (await Promise.all(next)).map((r) => r.value as StreamMessage<Row>);
    expect(got[0].rows).toEqual([{ id: 'a', owner: 'alice', v: 1 }]);
    expect(got[1]).toBe(got[0]);
    expect(got[2]).toBe(got[0]);
    const bob = (await bobNext).value as StreamMessage<Row>;
    expect(bob.rows).toEqual([{ id: 'b', owner: 'bob', v: 2 }]);
    // tRPC's envelope around a tracked message: the shared text spliced in is byte for byte the default encoding.
    for (const [i, msg] of [got[0], bob].entries()) {
      const frame = { id: i + 1, jsonrpc: undefined, result: { type: 'data', data: { id: String(msg.seq), data: msg }, id: String(msg.seq) } };
      expect(sharedJsonEncoder.encode(frame)).toBe(JSON.stringify(frame));
      expect(sharedJsonEncoder.encode({ id: 9, result: { type: 'data', data: msg } })).toBe(JSON.stringify({ id: 9, result: { type: 'data', data: msg } }));
    }
    expect(sharedJsonEncoder.encode({ id: 3, error: { message: 'x' } })).toBe('{"id":3,"error":{"message":"x"}}');
    for (const s of subs) s.ac.abort();
    other.abort();
    for (const s of subs) await s.it.next();
    await bobs.next();
    expect(t.subscriberCount).toBe(0);
  });

  it('holds deltas while the socket is congested, then sends one merged delta with the latest state of each row', async () => {
    const { t, put } = topic(2);
    let congested = false;
    const ac = new AbortController();
    const it = t.subscribe({ visible: all, audience: 'x', signal: ac.signal, congested: () => congested });
    await it.next();
    congested = true;
    const before = Date.now();
    put({ id: 'a', owner: 'x', v: 1 });
    const pending = it.next();
    let settled = false;
    void pending.then(() => (settled = true));
    for (let v = 2; v <= 30; v++) {
      put({ id: v % 2 ? 'a' : 'b', owner: 'x', v });
      await tick(3);
    }
    expect(settled).toBe(false);
    congested = false;
    const m = (await pending).value as StreamMessage<Row>;
    expect(m.seq).toBe(30);
    expect(new Map(m.rows.map((r) => [r.id, r.v]))).toEqual(new Map([['a', 29], ['b', 30]]));
    // Stale by as long as its oldest change waited.
    expect(m.since).toBeGreaterThanOrEqual(before);
    expect(m.since).toBeLessThanOrEqual(before + 5);
    ac.abort();
    await it.next();
  });

  it('merges deltas in order: last state per row, newest seq, oldest since', () => {
    const m = mergeDeltas<Row>(
      [
        { kind: 'delta', seq: 3, rows: [{ id: 'a', owner: 'x', v: 1 }, { id: 'b', owner: 'x', v: 1 }], since: 20 },
        { kind: 'delta', seq: 5, rows: [{ id: 'a', owner: 'x', v: 2 }], since: 30 },
      ],
      (r) => r.id,
    );
    expect(m).toEqual({ kind: 'delta', seq: 5, rows: [{ id: 'b', owner: 'x', v: 1 }, { id: 'a', owner: 'x', v: 2 }], since: 20 });
  });

  it('every subscriber converges on exactly the rows it may see, however its socket lags or its reader stalls (property)', async () => {
    // A row's owner never changes (an order's owner is fixed): who may see a row is fixed too.
    type Op = { put: [number, number] } | { congest: [number, boolean] } | { read: number } | { wait: number } | { join: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer()).map((put) => ({ put })) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()).map((congest) => ({ congest })) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }).map((read) => ({ read })) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }).map((wait) => ({ wait })) },
      // Another tab joins an audience mid-stream, while it may have changes pending.
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((join) => ({ join })) },
    );
    const owners = ['alice', 'bob', 'carol'];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), async (ops) => {
        const { t, put, rows, seq } = topic(1);
        // Two of alice's tabs (one audience), one of bob's, one seeing everything.
        const who = [
          { audience: 'alice', visible: (r: Row) => r.owner === 'alice' },
          { audience: 'alice', visible: (r: Row) => r.owner === 'alice' },
          { audience: 'bob', visible: (r: Row) => r.owner === 'bob' },
          { audience: 'all', visible: all },
        ];
        const open = (w: (typeof who)[number]) => {
          const ac = new AbortController();
          const s = { w, ac, congested: false, view: new Map<string, Row>(), lastSeq: 0, it: undefined as unknown as AsyncGenerator<StreamMessage<Row>>, reading: undefined as Promise<void> | undefined };
          s.it = t.subscribe({ visible: w.visible, audience: w.audience, signal: ac.signal, congested: () => s.congested });
          return s;
        };
        const subs = who.map(open);
        const apply = (s: (typeof subs)[number], m: StreamMessage<Row>) => {
          if (m.kind === 'snapshot') s.view.clear();
          for (const r of m.rows) s.view.set(r.id, r);
          expect(m.seq).toBeGreaterThanOrEqual(s.lastSeq);
          s.lastSeq = m.seq;
        };
        // A reader that is not reading leaves its next() unasked: the generator stays suspended.
        const read = (s: (typeof subs)[number]) =>
          (s.reading ??= s.it.next().then((r) => {
            s.reading = undefined;
            if (!r.done) apply(s, r.value);
          }));
        for (const s of subs) await read(s);
        for (const o of ops) {
          if ('put' in o) put({ id: `r${o.put[0]}`, owner: owners[o.put[0] % 3], v: o.put[1] });
          else if ('congest' in o) subs[o.congest[0]].congested = o.congest[1];
          else if ('read' in o) void read(subs[o.read]);
          else if ('join' in o) {
            const s = open(who[o.join]);
            subs.push(s);
            void read(s);
          }
          else await tick(o.wait);
        }
        // Quiet: sockets drain, readers read; each must end at exactly the source's rows it may see.
        for (const s of subs) s.congested = false;
        for (let i = 0; i < 5; i++) {
          await tick(3);
          for (const s of subs) void read(s);
        }
        await tick(5);
        for (const s of subs) {
          const expected = new Map([...rows].filter(([, r]) => s.w.visible(r)).sort());
          expect(new Map([...s.view].sort())).toEqual(expected);
        }
        for (const s of subs) s.ac.abort();
        for (const s of subs) {
          await s.reading;
          await s.it.return(undefined);
        }
        expect(t.subscriberCount).toBe(0);
        void seq;
      }),
      { numRuns: 80 },
    );
  });
});
