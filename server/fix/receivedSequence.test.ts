import 'reflect-metadata';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionSequenceCoordinator } from 'jspurefix';
import { syncReceived } from './receivedSequence';
import { DONE } from './store';

/** How the store answers a target-number write: done at once (the desk's store), later, by a rejection, or by throwing. */
type StoreAnswer = 'done' | 'later' | 'rejects' | 'throws';

/** A session store that records the numbers written to it and answers as told. */
function recordingStore(answers: () => StoreAnswer) {
  const written: Array<[string, number]> = [];
  const answer = (what: string, value: number): Promise<void> => {
    written.push([what, value]);
    switch (answers()) {
      case 'done':
        return DONE;
      case 'later':
        return new Promise((resolve) => setTimeout(resolve, 0));
      case 'rejects':
        return Promise.reject(new Error(`could not write ${what} ${value}`));
      case 'throws':
        throw new Error(`could not write ${what} ${value}`);
    }
  };
  return {
    written,
    store: {
      senderSeqNum: 1,
      targetSeqNum: 1,
      setSenderSeqNum: (v: number) => answer('sender', v),
      setTargetSeqNum: (v: number) => answer('target', v),
    },
  };
}

type Step = { kind: 'received'; seq: number; possDup: boolean; answer: StoreAnswer } | { kind: 'resendSent'; begin: number; end: number } | { kind: 'gapFill'; from: number; to: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('received' as const), seq: fc.integer({ min: 1, max: 40 }), possDup: fc.boolean(), answer: fc.constantFrom<StoreAnswer>('done', 'done', 'later', 'rejects', 'throws') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resendSent' as const), begin: fc.integer({ min: 1, max: 30 }), end: fc.integer({ min: 0, max: 10 }) }).map((s) => ({ ...s, end: s.begin + s.end })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gapFill' as const), from: fc.integer({ min: 1, max: 30 }), to: fc.integer({ min: 1, max: 10 }) }).map((s) => ({ ...s, to: s.from + s.to })) },
);

/** Settles a promise into what it came to, so two can be compared. */
const outcome = (p: () => Promise<unknown>): Promise<unknown> =>
  (async () => {
    try {
      return { value: await p() };
    } catch (err) {
      return { error: (err as Error).message };
    }
  })();

function coordinator(answers: () => StoreAnswer) {
  const { store, written } = recordingStore(answers);
  const at = new Date('2026-11-20T14:30:00Z');
  const c = new SessionSequenceCoordinator(store as never, { now: () => at } as never);
  c.initializeFromConfig(1, 1);
  return { c, written };
}

const stateOf = (c: SessionSequenceCoordinator) => ({
  expected: c.expectedTargetSeqNum,
  lastProcessed: c.lastProcessedPeerSeqNum,
  pending: c.pendingResendRequests.map((r) => [r.begin, r.end, r.pendingCount]),
});

describe('the synchronous onMessageReceived', () => {
  it('takes over a jspurefix coordinator', () => {
    const { c } = coordinator(() => 'done');
    const original = c.onMessageReceived;
    expect(syncReceived(c)).toBe(true);
    expect(c.onMessageReceived).not.toBe(original);
  });

  it('answers a write the store has done at once with a settled promise, and makes no new one', async () => {
    const { c } = coordinator(() => 'done');
    syncReceived(c);
    const first = c.onMessageReceived(1, false);
    expect(c.onMessageReceived(2, false)).toBe(first);
    await expect(first).resolves.toBe(true);
  });

  it("leaves a coordinator it does not know (another jspurefix's) as it is", () => {
    const stranger = { onMessageReceived: () => Promise.resolve(true) };
    const original = stranger.onMessageReceived;
    expect(syncReceived(stranger as never)).toBe(false);
    expect(stranger.onMessageReceived).toBe(original);
  });

  it("does what jspurefix's own method does: the same state, store writes and answers, on any run of messages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        // Both stores give the same answers in the same order: each step sets the next one.
        let answer: StoreAnswer = 'done';
        const theirs = coordinator(() => answer);
        const ours = coordinator(() => answer);
        expect(syncReceived(ours.c)).toBe(true);
        for (const s of steps) {
          if (s.kind === 'received') {
            answer = s.answer;
            const a = await outcome(() => theirs.c.onMessageReceived(s.seq, s.possDup));
            const b = await outcome(() => ours.c.onMessageReceived(s.seq, s.possDup));
            expect(b).toEqual(a);
          } else if (s.kind === 'resendSent') {
            theirs.c.recordResendRequestSent(s.begin, s.end);
            ours.c.recordResendRequestSent(s.begin, s.end);
          } else {
            answer = 'done';
            await theirs.c.onGapFillReceived(s.from, s.to);
            await ours.c.onGapFillReceived(s.from, s.to);
          }
          expect(stateOf(ours.c)).toEqual(stateOf(theirs.c));
          expect(ours.written).toEqual(theirs.written);
        }
      }),
      { numRuns: 300 },
    );
  });
});
