import { GroupInterrupted, type Engine } from '../../engine/engine';
import type { SubmitOrder } from '../../engine/commands';

/** A NewOrderSingle the gateway has mapped and checked, waiting for its session's group commit. */
export interface QueuedOrder {
  cmd: SubmitOrder;
  /** Its MsgSeqNum (34): a BusinessMessageReject names it. */
  seqNum: number;
}

/**
 * Group commit for FIX orders. A counterparty that pipelines sends many
 * NewOrderSingles per socket read; handled one by one, each cost the engine a
 * journal transaction. Here a session's plain NewOrderSingles (mapped, not resent)
 * gather while a read is processed and go to the engine together (`handleAll`): one
 * durable write, then the acknowledgements, in the order the orders came.
 *
 * A batch never outlives the turn that filled it (a microtask flushes it), and the
 * gateway flushes it first whenever the session receives anything else or is about
 * to send anything else, so every message is still answered in the order received,
 * exactly as one by one — a cancel sees the order before it, a resend is judged
 * against every order before it, a session Reject follows the acks before it.
 *
 * Failure: nothing is acknowledged before the batch is durable (the engine publishes
 * only after its write). An order the engine could not take gets a
 * BusinessMessageReject (`refused`), as it did one by one; the orders after it go
 * on. If the batch's write fails, the engine halts (see Engine.inGroup) and every
 * order of the batch is refused: none was acknowledged, and recovery from the
 * journal has none of them.
 */
export class OrderIntake<S> {
  private readonly queues = new Map<S, QueuedOrder[]>();
  private scheduled = false;

  constructor(
    private readonly engine: Engine,
    private readonly refused: (session: S, order: QueuedOrder, error: unknown) => void,
  ) {}

  queue(session: S, order: QueuedOrder): void {
    const q = this.queues.get(session);
    if (q) q.push(order);
    else this.queues.set(session, [order]);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flushAll());
  }

  /** Hands the session's waiting orders to the engine now (before anything else of the session is handled or sent). */
  flush(session: S): void {
    let rest = this.queues.get(session);
    if (!rest) return;
    // Taken before the engine runs: its acknowledgements are sends, and a send flushes.
    this.queues.delete(session);
    while (rest.length) {
      try {
        this.engine.handleAll(rest.map((o) => o.cmd));
        return;
      } catch (err) {
        if (!(err instanceof GroupInterrupted)) {
          for (const o of rest) this.refused(session, o, err);
          return;
        }
        // Those before it stand; it is refused; those after it are taken on their own merits.
        this.refused(session, rest[err.handled], err.cause);
        rest = rest.slice(err.handled + 1);
      }
    }
  }

  private flushAll(): void {
    this.scheduled = false;
    for (const session of [...this.queues.keys()]) this.flush(session);
  }
}
