import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowTopic, type StreamMessage } from './rowStream';

interface Row {
  id: string;
  owner: string;
  v: number;
}

function topic() {
  const rows = new Map<string, Row>();
  let seq = 0;
  const t = new RowTopic<Row>(() => rows.values(), (r) => r.id, () => seq, 1000);
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
    const { t, put } = topic();
    put({ id: 'a', owner: 'x', v: 1 });
    const ac = new AbortController();
    const it = t.subscribe({ visible: all, signal: ac.signal, conflateMs: 30 });
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
    const { t, put } = topic();
    put({ id: 'a', owner: 'alice', v: 1 });
    put({ id: 'b', owner: 'bob', v: 1 });
    const ac = new AbortController();
    const it = t.subscribe({ visible: (r) => r.owner === 'alice', signal: ac.signal, conflateMs: 5 });
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
          let it = t.subscribe({ visible: all, signal: ac.signal, conflateMs: 1 });
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
          it = t.subscribe({ visible: all, lastSeq, signal: ac.signal, conflateMs: 1 });
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
});
