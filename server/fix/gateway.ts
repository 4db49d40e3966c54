import 'reflect-metadata';
import net, { BlockList } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  DITokens,
  EmptyLogFactory,
  FixDuplex,
  JsFixWinstonLogFactory,
  type JsFixLoggerFactory,
  MemorySessionStoreFactory,
  MsgTag,
  MsgTransport,
  SessionContainer,
  WinstonLogger,
  type IJsFixConfig,
  type ISessionDescription,
  type MsgView,
} from 'jspurefix';
import { makeSessionScope } from 'jspurefix/dist/runtime/session-scope';
import type { Engine } from '../../engine/engine';
import type { EngineEvent } from '../../engine/events';
import type { SmallOrder } from '../../engine/orders/types';
import { FIELDS, acceptBodyFields } from './encoding';
import { FixFramer, fieldsOf, readable } from './framing';
import {
  BusinessRejectReason,
  CxlRejReason,
  ExecType,
  OrdStatus,
  SIDE_OUT,
  cancelReject,
  cxlRejReasonOf,
  executionReport,
  executionReportBody,
  ordRejReasonOf,
  ordStatusOf,
  rejectionReport,
  toAmendOrder,
  toSubmitOrder,
  type FixOrderMessage,
  type ReportFields,
  type ReportedOrder,
} from './mapping';
import { OrderIntake } from './intake';
import { FixOrderBook, type FixOrder } from './orders';
import { DeskFixSession, deserialize, masked, serialize, type SessionLink } from './session';
import type { FixCounterparty, FixSettings } from './settings';
import { FixWrites, SqliteSessionStoreFactory } from './store';
import { FixTraffic } from './traffic';
import { DirectTransmitter } from './transmitter';

const BEGIN_STRING = 'FIX.4.4';

/**
 * Tags the desk needs on each order message. jspurefix checks the dictionary's
 * required fields but not required components (Instrument, OrderQtyData): a
 * message without them gets the session Reject FIX prescribes (reason 1) here.
 */
const REQUIRED: Record<string, number[]> = {
  D: [11, 55, 54, 60, 38, 40],
  F: [41, 11, 55, 54, 60],
  G: [41, 11, 55, 54, 60, 38, 40],
};
const TAG_NAMES: Record<number, string> = { 11: 'ClOrdID', 38: 'OrderQty', 40: 'OrdType', 41: 'OrigClOrdID', 54: 'Side', 55: 'Symbol', 60: 'TransactTime' };
/** A connection must log on this soon, or it is dropped: an idle socket is no session. */
const LOGON_WITHIN_MS = 10_000;

export interface GatewayOptions {
  engine: Engine;
  db: Database.Database;
  settings: FixSettings;
  /** jspurefix's own log level on the console (e.g. "info"); silent when unset. */
  logLevel?: string;
}

/**
 * The FIX 4.4 acceptor inside the desk process: a host adapter like the tRPC layer.
 *
 * Inbound, each counterparty's messages become engine commands through
 * `engine.handle` (NewOrderSingle → SubmitOrder, cancel → CancelOrder, replace →
 * AmendOrder). Outbound, every report comes from the engine's events as they are
 * journaled — acknowledgements, rejects, fills, cancels, replaces, and what a
 * supervisor or the kill switch did to a FIX order — so a session hears of its
 * orders whoever changed them. A counterparty that is not logged on gets its
 * reports at its next logon (fix_outbox); a drop copy session gets every fill of
 * the desk.
 *
 * The session layer is jspurefix's. Around it: the framer (framing.ts) drops garbled
 * input, the Logon is judged before a session is made for it (counterparty,
 * password, address, one connection at a time), sequence numbers live in SQLite
 * (store.ts), and every message is kept in fix_messages for the audit trail.
 */
export class FixGateway {
  readonly traffic: FixTraffic;
  readonly orders: FixOrderBook;
  private readonly counterparties: Map<string, FixCounterparty>;
  private readonly allowed = new Map<string, BlockList | null>();
  private readonly dropCopies: FixCounterparty[];
  private readonly storeFactory: SqliteSessionStoreFactory;
  private readonly writes: FixWrites;
  /** Counterparties with a session record: reports for them wait in the outbox while they are away. */
  private readonly known: Set<string>;
  /** The connection holding each counterparty, from its accepted Logon until it ends. */
  private readonly claimed = new Map<string, DeskFixSession>();
  /** Logged-on sessions by counterparty. */
  private readonly live = new Map<string, DeskFixSession>();
  private readonly sessions = new Set<DeskFixSession>();
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  private jsfix: IJsFixConfig | undefined;
  private unsubscribe: (() => void) | undefined;
  private dropQueue: EngineEvent[] = [];
  private dropScheduled = false;
  private connectionNo = 0;
  private gatewayExecNo = 0;
  private readonly outboxInsert: Database.Statement;
  /** Plain NewOrderSingles of each session waiting for their group commit (intake.ts). */
  private readonly intake: OrderIntake<DeskFixSession>;

  constructor(private readonly opts: GatewayOptions) {
    const { db, engine, settings } = opts;
    this.intake = new OrderIntake<DeskFixSession>(engine, (session, o, err) =>
      this.businessRejectOf(session, o.seqNum, 'D', BusinessRejectReason.ApplicationNotAvailable, `the desk could not handle the message: ${(err as Error)?.message ?? String(err)}`),
    );
    this.writes = new FixWrites(db);
    this.traffic = new FixTraffic(this.writes, () => engine.now());
    this.counterparties = new Map(settings.counterparties.map((c) => [c.compId, c]));
    for (const c of settings.counterparties) this.allowed.set(c.compId, blockListOf(c.allowedAddresses));
    this.dropCopies = settings.counterparties.filter((c) => c.role === 'dropcopy');
    const owners = new Map(settings.counterparties.filter((c) => c.role === 'orders').map((c) => [c.owner, c.compId]));
    this.orders = new FixOrderBook(db, engine, owners);
    this.storeFactory = new SqliteSessionStoreFactory(this.writes);
    const ids = db.prepare('SELECT session_id FROM fix_sessions').pluck().all() as string[];
    this.known = new Set(settings.counterparties.filter((c) => ids.includes(sessionIdOf(settings.compId, c.compId))).map((c) => c.compId));
    this.outboxInsert = db.prepare('INSERT INTO fix_outbox (counterparty, msg_type, body) VALUES (?, ?, ?)');
  }

  /** The port the acceptor listens on (useful with FIX_PORT=0). */
  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : 0;
  }

  /** Counterparties logged on now. */
  get loggedOn(): string[] {
    return [...this.live.keys()];
  }

  /** Loads the FIX dictionary, follows the engine, and listens. Rejects if the port cannot be had. */
  async start(): Promise<void> {
    const { settings } = this.opts;
    const logFactory = this.opts.logLevel ? new JsFixWinstonLogFactory(WinstonLogger.consoleOptions(this.opts.logLevel)) : new EmptyLogFactory();
    this.jsfix = await acceptorConfig(settings, logFactory);
    this.jsfix.sessionStoreFactory = this.storeFactory;
    this.orders.load();
    this.unsubscribe = this.opts.engine.onEvents((events) => this.onEvents(events));
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new Error(`the FIX acceptor cannot listen on ${settings.host}:${settings.port}: ${err.message} (set FIX_PORT, or FIX_PORT=off)`)));
      server.listen(settings.port, settings.host, () => resolve());
    });
    // After start, a listener error must never take the desk down.
    server.on('error', (err) => console.error(`FIX acceptor: ${err.message}`));
  }

  /** Logs every session out, drops the connections and stops listening. */
  async stop(reason = 'the desk is shutting down'): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const s of [...this.sessions]) s.close(reason);
    // The exact next numbers, so a restart continues without a gap.
    this.storeFactory.release();
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.end();
    setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 200).unref();
    await closed;
  }

  // ── connections and logon ──────────────────────────────────────────────────

  private accept(socket: net.Socket): void {
    const remote = normalizeAddress(socket.remoteAddress ?? '?');
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', () => this.hold(socket));
    // ECONNRESET and the like: the connection is gone; 'close' cleans up. Unhandled, it would end the process.
    socket.on('error', () => socket.destroy());
    let who = remote;
    let opened = false;
    const framer = new FixFramer({
      beginString: BEGIN_STRING,
      onGarbled: (g) => this.traffic.record({ counterparty: who, actor: who, direction: 'garbled', text: `${g.reason}\n${masked(readable(g.bytes)).slice(0, 4000)}` }),
      onFirstFrame: (frame) => {
        clearTimeout(timer);
        const f = new Map(fieldsOf(frame));
        who = f.get(49) ?? remote;
        if (f.get(35) !== 'A') {
          this.refuseConnection(socket, who, `the first message must be a Logon (35=A), not 35=${f.get(35)}; disconnected`);
          return;
        }
        opened = true;
        // Not from inside the framer's own transform: the session attaches to it.
        setImmediate(() => {
          try {
            this.open(socket, framer, remote, f);
          } catch (err) {
            this.refuseConnection(socket, who, `the desk could not open a session: ${(err as Error)?.message ?? String(err)}`);
          }
        });
      },
    });
    const timer = setTimeout(() => {
      if (!opened) this.refuseConnection(socket, who, `no Logon within ${LOGON_WITHIN_MS / 1000} s; disconnected`);
    }, LOGON_WITHIN_MS);
    timer.unref();
    socket.on('close', () => {
      clearTimeout(timer);
      this.sockets.delete(socket);
      // The session sees the end of its stream and stops.
      framer.end();
    });
    socket.pipe(framer);
  }

  /**
   * Holds the connection's output until the turn's traffic log is committed (store.ts): what a
   * counterparty receives is in the audit trail first, and everything the desk answers to one
   * read goes out in one write.
   */
  private hold(socket: net.Socket): void {
    if (socket.writableCorked) return;
    socket.cork();
    this.writes.hold(() => socket.uncork());
  }

  private refuseConnection(socket: net.Socket, who: string, reason: string): void {
    this.traffic.record({ counterparty: who, actor: who, direction: 'refused', text: reason });
    socket.destroy();
  }

  /** Judges the Logon before any session state is touched: an impostor must not move a real session's numbers. */
  private verdict(f: Map<number, string>, remote: string): { counterparty?: FixCounterparty; refusal?: string } {
    const { compId } = this.opts.settings;
    const sender = f.get(49) ?? '';
    const cp = this.counterparties.get(sender);
    if (f.get(56) !== compId) return { counterparty: cp, refusal: `logon refused: TargetCompID ${f.get(56)} is not this desk (${compId})` };
    if (!cp || !samePassword(f.get(554) ?? '', cp.password)) return { refusal: 'logon refused: unknown SenderCompID or wrong password' };
    const allowed = this.allowed.get(cp.compId);
    if (allowed && !allowed.check(remote, remote.includes(':') ? 'ipv6' : 'ipv4')) return { counterparty: cp, refusal: `logon refused: ${sender} may not log on from ${remote}` };
    if (this.claimed.has(cp.compId)) return { counterparty: cp, refusal: `logon refused: ${sender} already has a session connected` };
    return { counterparty: cp };
  }

  private open(socket: net.Socket, framer: FixFramer, remote: string, logon: Map<number, string>): void {
    if (socket.destroyed || !this.jsfix) return;
    const { counterparty, refusal } = this.verdict(logon, remote);
    const heartbeat = Number(logon.get(108));
    const scope = makeSessionScope(this.jsfix, {
      TargetCompID: logon.get(49) || 'UNKNOWN',
      // The acceptor keeps the initiator's heartbeat interval.
      HeartBtInt: Number.isInteger(heartbeat) && heartbeat >= 1 && heartbeat <= 300 ? heartbeat : 30,
      // The answer to a Logon that reset the sequence numbers says it reset them too.
      Logon: { ResetSeqNumFlag: logon.get(141) === 'Y' },
    } as Partial<ISessionDescription>);
    // A refused session must not read or write the real counterparty's sequence numbers.
    scope.sessionStoreFactory = refusal === undefined ? this.storeFactory : new MemorySessionStoreFactory();
    const link: SessionLink = {
      counterparty: refusal === undefined ? counterparty : undefined,
      refusal,
      remote,
      traffic: this.traffic,
      ready: (s) => this.ready(s),
      beforeSend: (s) => {
        this.hold(socket);
        this.intake.flush(s);
      },
      application: (s, type, view) => this.application(s, type, view),
      stopped: (s) => this.stopped(s),
    };
    if (refusal !== undefined) this.traffic.record({ counterparty: logon.get(49) ?? remote, actor: counterparty?.owner ?? logon.get(49) ?? remote, direction: 'refused', text: `${refusal} (from ${remote})` });
    // Reports go to the socket as encoded, not through jspurefix's per-message stream (transmitter.ts).
    scope.sessionContainer.registerInstance(DITokens.MsgTransmitter, new DirectTransmitter(scope, socket));
    const transport = new MsgTransport(++this.connectionNo, scope, new FramedDuplex(socket, framer));
    acceptBodyFields(transport.transmitter);
    const session = new DeskFixSession(scope, link);
    this.sessions.add(session);
    if (refusal === undefined && counterparty) this.claimed.set(counterparty.compId, session);
    session.run(transport).catch(() => {
      // A session ending in error has told stopped() already.
    });
  }

  private ready(session: DeskFixSession): void {
    const cp = session.counterparty;
    if (!cp) return;
    this.known.add(cp.compId);
    // What happened while it was away goes first, in order, then live reports.
    const rows = this.opts.db.prepare('SELECT id, msg_type, body FROM fix_outbox WHERE counterparty = ? ORDER BY id').all(cp.compId) as Array<{ id: number; msg_type: string; body: string }>;
    let sent = 0;
    for (const r of rows) {
      if (!session.sendApp(r.msg_type, deserialize(r.body))) break;
      sent = r.id;
    }
    if (sent) this.opts.db.prepare('DELETE FROM fix_outbox WHERE counterparty = ? AND id <= ?').run(cp.compId, sent);
    this.live.set(cp.compId, session);
  }

  private stopped(session: DeskFixSession): void {
    this.sessions.delete(session);
    const cp = session.counterparty;
    if (!cp) return;
    if (this.live.get(cp.compId) === session) this.live.delete(cp.compId);
    if (this.claimed.get(cp.compId) === session) this.claimed.delete(cp.compId);
  }

  /** To the counterparty now, or at its next logon. */
  private deliver(compId: string, msgType: string, message: Record<string | symbol, unknown>): void {
    const session = this.live.get(compId);
    if (session?.sendApp(msgType, message)) return;
    if (this.known.has(compId)) this.outboxInsert.run(compId, msgType, serialize(message));
  }

  // ── inbound application messages ──────────────────────────────────────────

  private application(session: DeskFixSession, msgType: string, view: MsgView): void {
    const cp = session.counterparty;
    if (!cp) return;
    // Orders received before this message are handled before it (they may be what it names).
    if (msgType !== 'D') this.intake.flush(session);
    try {
      if (cp.role === 'dropcopy') return this.businessReject(session, view, msgType, BusinessRejectReason.UnsupportedMessageType, 'a drop copy session takes no requests: it only receives fills');
      const missing = REQUIRED[msgType]?.find((tag) => !view.getString(tag));
      if (missing !== undefined)
        return session.rejectMessage(view.getTyped(MsgTag.MsgSeqNum) as number, msgType, 1, `Required tag missing: ${missing} (${TAG_NAMES[missing]})`, missing);
      switch (msgType) {
        case 'D':
          return this.newOrder(session, cp, view);
        case 'F':
          return this.cancelOrReplace(session, cp, view, false);
        case 'G':
          return this.cancelOrReplace(session, cp, view, true);
        default:
          return this.businessReject(session, view, msgType, BusinessRejectReason.UnsupportedMessageType, `message type ${msgType} is not taken here: D, F and G are`);
      }
    } catch (err) {
      // The engine halted, or a bug: say so to the counterparty, keep the session and the desk up.
      this.businessReject(session, view, msgType, BusinessRejectReason.ApplicationNotAvailable, `the desk could not handle the message: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private newOrder(session: DeskFixSession, cp: FixCounterparty, view: MsgView): void {
    const m = orderMessageOf(view);
    const clOrdId = String(m.ClOrdID ?? '');
    const resent = view.getTyped(MsgTag.PossDupFlag) === true || view.getTyped(MsgTag.PossResend) === true;
    // A plain order waits for the rest of its read, to be journaled with them (intake.ts).
    const mapped = toSubmitOrder(m, cp.owner, cp.desk);
    if (mapped.ok && !resent && !this.orders.isRequestId(cp.compId, clOrdId))
      return this.intake.queue(session, { cmd: mapped.value.cmd, seqNum: view.getTyped(MsgTag.MsgSeqNum) as number });
    // Anything else is answered after the orders received before it.
    this.intake.flush(session);
    const existing = this.orders.find(cp.compId, clOrdId);
    if (resent && existing) {
      // Already received: a resend never makes a second order. Say where the order stands.
      session.sendApp('8', executionReport(existing, { execId: this.gatewayExecId(), execType: ExecType.OrderStatus, at: this.opts.engine.now(), text: `a resent NewOrderSingle (PossDup/PossResend) for ${clOrdId}, already received as ${existing.orderId}: not entered again` }));
      return;
    }
    const reject = (text: string, ordRejReason: number): void => {
      session.sendApp('8', rejectionReport({ clOrdId, symbol: String(m.Instrument?.Symbol ?? ''), side: String(m.Side ?? ''), qty: Number(m.OrderQtyData?.OrderQty) }, { execId: this.gatewayExecId(), at: this.opts.engine.now(), text, ordRejReason }));
    };
    if (this.orders.isRequestId(cp.compId, clOrdId)) return reject(`DUPLICATE_CLORDID: client order id "${clOrdId}" was already used by a cancel or replace request`, 6);
    if (!mapped.ok) return reject(mapped.reason, mapped.ordRejReason);
    // The engine's verdict comes back through its events (onEvents): New, or Rejected naming its rule.
    this.opts.engine.handle(mapped.value.cmd);
  }

  private cancelOrReplace(session: DeskFixSession, cp: FixCounterparty, view: MsgView, replace: boolean): void {
    const m = orderMessageOf(view);
    const clOrdId = String(m.ClOrdID ?? '');
    const orig = String(m.OrigClOrdID ?? '');
    let o = this.orders.find(cp.compId, orig);
    if (!o && m.OrderID) {
      const byId = this.orders.get(String(m.OrderID));
      if (byId?.counterparty === cp.compId) o = byId;
    }
    const refuse = (reason: number, text: string): void => {
      session.sendApp('9', cancelReject({ orderId: o?.orderId ?? 'NONE', clOrdId, origClOrdId: orig, ordStatus: o ? ordStatusOf(o) : OrdStatus.Rejected, replace, reason, text }));
    };
    if (!o) return refuse(CxlRejReason.UnknownOrder, `UNKNOWN_ORDER: no order of ${cp.compId} has ClOrdID ${orig}`);
    if (this.orders.used(cp.compId, cp.owner, clOrdId)) return refuse(CxlRejReason.DuplicateClOrdId, `DUPLICATE_CLORDID: client order id "${clOrdId}" was already used`);
    if (o.pending) return refuse(CxlRejReason.AlreadyPending, `order ${o.orderId} already has a ${o.pending.kind} pending (${o.pending.clOrdId})`);
    if (!replace && ((m.Side !== undefined && m.Side !== SIDE_OUT[o.side]) || (m.Instrument?.Symbol !== undefined && m.Instrument.Symbol !== o.symbol)))
      return refuse(CxlRejReason.Other, `the cancel names ${m.Side === '1' ? 'buy' : 'sell'} ${m.Instrument?.Symbol}, but ${o.orderId} is ${o.side} ${o.symbol}`);
    const amend = replace ? toAmendOrder(m, o, cp.owner) : undefined;
    if (amend && !amend.ok) return refuse(CxlRejReason.Other, amend.reason);
    this.orders.openRequest(o, replace ? 'replace' : 'cancel', clOrdId, orig);
    try {
      // Settled through the events: canceled / replaced, pending, or CancelRejected → OrderCancelReject.
      this.opts.engine.handle(amend?.ok ? amend.value : { type: 'CancelOrder', orderId: o.orderId, by: cp.owner, reason: `FIX OrderCancelRequest ${clOrdId}` });
    } catch (err) {
      // The engine took nothing (it halted): the request is refused, the session goes on.
      if ((o.pending as FixOrder['pending'])?.clOrdId === clOrdId) this.orders.closeRequest(o, 'rejected');
      refuse(CxlRejReason.Other, `the desk could not take the request: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private businessReject(session: DeskFixSession, view: MsgView, msgType: string, reason: number, text: string): void {
    this.businessRejectOf(session, view.getTyped(MsgTag.MsgSeqNum) as number, msgType, reason, text);
  }

  private businessRejectOf(session: DeskFixSession, refSeqNum: number, msgType: string, reason: number, text: string): void {
    session.sendApp('j', { RefSeqNum: refSeqNum, RefMsgType: msgType, BusinessRejectReason: reason, Text: text });
  }

  private gatewayExecId(): string {
    return `GW${Date.now().toString(36)}-${++this.gatewayExecNo}`;
  }

  // ── outbound: engine events → execution reports ───────────────────────────

  private onEvents(events: readonly EngineEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'OrderAccepted': {
          const cp = this.orders.counterpartyOfOwner(e.order.owner);
          if (cp) this.report(this.orders.accepted(cp, e.order), e, { execType: ExecType.New });
          break;
        }
        case 'OrderRejected': {
          const cp = this.orders.counterpartyOfOwner(e.owner);
          if (cp && e.source === 'fix')
            this.deliver(cp, '8', rejectionReport({ clOrdId: e.clOrdId, symbol: e.symbol, side: SIDE_OUT[e.side as 'buy'] ?? '', qty: e.qty }, { execId: `${e.seq}-R`, at: e.ts, text: `${e.code}: ${e.reason}`, ordRejReason: ordRejReasonOf(e.code) }));
          break;
        }
        case 'InternalCross':
          for (const id of [e.buyOrderId, e.sellOrderId]) this.fill(id, e, e.qty, e.px, undefined);
          this.dropCopy(e);
          break;
        case 'Allocated': {
          const venue = this.opts.engine.children.get(e.childId)?.venue;
          for (const a of e.allocations) this.fill(a.orderId, e, a.qty, e.px, venue);
          this.dropCopy(e);
          break;
        }
        case 'OrderCancelled': {
          const o = this.orders.get(e.orderId);
          if (!o) break;
          o.status = 'cancelled';
          const p = o.pending;
          if (p?.kind === 'cancel' && e.by === this.ownerOf(o)) {
            this.orders.closeRequest(o, 'done');
            this.report(o, e, { execType: ExecType.Canceled, clOrdId: p.clOrdId, origClOrdId: p.origClOrdId });
          } else {
            if (p) {
              // The order went before the replace could land: the replace is refused.
              this.orders.closeRequest(o, 'rejected');
              this.deliver(o.counterparty, '9', cancelReject({ orderId: o.orderId, clOrdId: p.clOrdId, origClOrdId: p.origClOrdId, ordStatus: OrdStatus.Canceled, replace: p.kind === 'replace', reason: CxlRejReason.TooLate, text: `the order was cancelled by ${e.by}${e.reason ? `: ${e.reason}` : ''}` }));
            }
            this.report(o, e, { execType: ExecType.Canceled, text: `cancelled by ${e.by}${e.reason ? `: ${e.reason}` : ''}` });
          }
          break;
        }
        case 'OrderAmended': {
          const o = this.orders.get(e.orderId);
          if (!o) break;
          o.qty = e.qty;
          o.limitPx = e.limitPx ?? undefined;
          if (o.cumQty >= o.qty) o.status = 'filled';
          const p = o.pending;
          if (p?.kind === 'replace' && e.by === this.ownerOf(o)) {
            this.orders.closeRequest(o, 'done');
            this.report(o, e, { execType: ExecType.Replaced, clOrdId: p.clOrdId, origClOrdId: p.origClOrdId });
          } else this.report(o, e, { execType: ExecType.Restated, execRestatementReason: 4, text: `amended by ${e.by}` });
          break;
        }
        case 'OrderChangePending': {
          const o = this.orders.get(e.orderId);
          const p = o?.pending;
          if (o && p && p.kind === e.change && e.by === this.ownerOf(o))
            this.report(o, e, { execType: p.kind === 'cancel' ? ExecType.PendingCancel : ExecType.PendingReplace, clOrdId: p.clOrdId, origClOrdId: p.origClOrdId });
          break;
        }
        case 'CancelRejected': {
          const o = this.orders.get(e.orderId);
          const p = o?.pending;
          if (!o || !p || e.by !== this.ownerOf(o)) break;
          this.orders.closeRequest(o, 'rejected');
          this.deliver(o.counterparty, '9', cancelReject({ orderId: o.orderId, clOrdId: p.clOrdId, origClOrdId: p.origClOrdId, ordStatus: ordStatusOf(o), replace: p.kind === 'replace', reason: cxlRejReasonOf(e.code, e.reason), text: `${e.code}: ${e.reason}` }));
          break;
        }
        default:
          break;
      }
    }
  }

  private ownerOf(o: FixOrder): string | undefined {
    return this.counterparties.get(o.counterparty)?.owner;
  }

  private fill(orderId: string, e: EngineEvent, qty: number, price: number, venue: string | undefined): void {
    const o = this.orders.get(orderId);
    if (!o) return;
    this.orders.fill(o, qty, price);
    this.report(o, e, { execType: ExecType.Trade, lastQty: qty, lastPx: price, lastMkt: venue });
  }

  private report(o: FixOrder, e: EngineEvent, f: Omit<ReportFields, 'execId' | 'at'>): void {
    // Not `{ ...f, execId, at }`: in this V8 a spread followed by more properties takes a slow
    // path, ~2 µs a report; Object.assign is a fraction of it.
    const fields: ReportFields = Object.assign({ execId: `${e.seq}-${o.orderId}`, at: e.ts }, f);
    // Written straight to fields (the template) when it can be; else the object, for jspurefix.
    const body = executionReportBody(o, fields);
    this.deliver(o.counterparty, '8', body ? { [FIELDS]: body } : executionReport(o, fields));
  }

  /**
   * Drop copy: every fill of the desk, whoever's order. Fills are collected and
   * reported once the engine has finished what it is doing (a microtask later), so
   * each report's CumQty is the order's as of that fill even when one write (a
   * basket) filled the same order several times.
   */
  private dropCopy(e: EngineEvent): void {
    if (!this.dropCopies.some((d) => this.live.has(d.compId) || this.known.has(d.compId))) return;
    this.dropQueue.push(e);
    if (this.dropScheduled) return;
    this.dropScheduled = true;
    queueMicrotask(() => this.flushDropCopy());
  }

  private flushDropCopy(): void {
    this.dropScheduled = false;
    const events = this.dropQueue;
    this.dropQueue = [];
    type Fill = { e: EngineEvent; orderId: string; qty: number; px: number; venue?: string };
    const fills: Fill[] = [];
    for (const e of events) {
      if (e.type === 'InternalCross') for (const id of [e.buyOrderId, e.sellOrderId]) fills.push({ e, orderId: id, qty: e.qty, px: e.px });
      else if (e.type === 'Allocated') {
        const venue = this.opts.engine.children.get(e.childId)?.venue;
        for (const a of e.allocations) fills.push({ e, orderId: a.orderId, qty: a.qty, px: e.px, venue });
      }
    }
    // Each order's totals before these fills: what the engine holds now, less them.
    const before = new Map<string, { qty: number; value: number }>();
    for (const f of fills) {
      const o = this.opts.engine.orders.get(f.orderId);
      if (!o) continue;
      const b = before.get(f.orderId) ?? { qty: o.filledQty, value: o.filledValue };
      b.qty -= f.qty;
      b.value -= f.qty * f.px;
      before.set(f.orderId, b);
    }
    for (const f of fills) {
      const o = this.opts.engine.orders.get(f.orderId);
      const run = before.get(f.orderId);
      if (!o || !run) continue;
      run.qty += f.qty;
      run.value += f.qty * f.px;
      const er = executionReport(dropCopyView(o, this.orders.get(o.orderId)?.clOrdId, run), {
        execId: `${f.e.seq}-${o.orderId}`,
        execType: ExecType.Trade,
        at: f.e.ts,
        lastQty: f.qty,
        lastPx: f.px,
        lastMkt: f.venue,
        account: o.owner,
      });
      for (const d of this.dropCopies) this.deliver(d.compId, '8', er);
    }
  }
}

/**
 * jspurefix's configuration of the desk's acceptor: the QuickFIX FIX 4.4 dictionary, the
 * desk's CompID. Each connection's scope sets the counterparty it logged on as (`open`).
 */
export async function acceptorConfig(settings: Pick<FixSettings, 'compId' | 'host' | 'port'>, logFactory: JsFixLoggerFactory = new EmptyLogFactory()): Promise<IJsFixConfig> {
  const container = new SessionContainer();
  container.registerGlobal(logFactory);
  const description = {
    application: { type: 'acceptor', name: 'desk', protocol: 'ascii', dictionary: 'qf44', reconnectSeconds: 0, tcp: { host: settings.host, port: settings.port } },
    BeginString: BEGIN_STRING,
    SenderCompId: settings.compId,
    TargetCompID: 'UNBOUND',
    HeartBtInt: 30,
    ResetSeqNumFlag: false,
    Username: '',
    Password: '',
  } as unknown as ISessionDescription;
  return (await container.makeSystem(description)).resolve<IJsFixConfig>(DITokens.IJsFixConfig);
}

const ORDER_TAGS = [11, 41, 37, 55, 54, 38, 40, 44, 59, 847, 848, 849];
/** jspurefix's null (absent) as undefined. At module level: a closure per message costs more than the read. */
const opt = <T>(v: unknown) => (v === null || v === undefined ? undefined : (v as T));

/**
 * The fields of an order message the desk reads, tag by tag: a fraction of the cost of
 * jspurefix's toObject(), which builds every field and component of the message.
 */
function orderMessageOf(view: MsgView): FixOrderMessage {
  const [clOrdId, origClOrdId, orderId, symbol, side, qty, ordType, price, tif, strategy, params, rate] = view.getTypedTags(ORDER_TAGS);
  return {
    ClOrdID: opt<string>(clOrdId),
    OrigClOrdID: opt<string>(origClOrdId),
    OrderID: opt<string>(orderId),
    Instrument: { Symbol: opt<string>(symbol) },
    Side: opt<string>(side),
    OrderQtyData: { OrderQty: opt<number>(qty) },
    OrdType: opt<string>(ordType),
    Price: opt<number>(price),
    TimeInForce: opt<string>(tif),
    TargetStrategy: opt<number>(strategy),
    TargetStrategyParameters: opt<string>(params),
    ParticipationRate: opt<number>(rate),
  };
}

/** An order as a drop copy reports it: totals as of the fill, the ClOrdID its sender knows it by now. */
function dropCopyView(o: SmallOrder, clOrdId: string | undefined, run: { qty: number; value: number }): ReportedOrder {
  return { orderId: o.orderId, clOrdId: clOrdId ?? o.clOrdId, symbol: o.symbol, side: o.side, qty: o.qty, limitPx: o.limitPx, cumQty: run.qty, cumValue: run.value, status: run.qty >= o.qty ? 'filled' : 'partial' };
}

/** The socket, read through the framer: jspurefix parses only whole, well-formed messages. */
class FramedDuplex extends FixDuplex {
  constructor(
    private readonly socket: net.Socket,
    framer: FixFramer,
  ) {
    super();
    this.readable = framer;
    this.writable = socket;
  }
  end(): void {
    this.socket.end();
  }
  override destroy(): void {
    this.socket.destroy();
  }
}

export const sessionIdOf = (ours: string, theirs: string) => `${BEGIN_STRING}-${ours}-${theirs}`;

function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

function blockListOf(entries: readonly string[]): BlockList | null {
  if (!entries.length) return null;
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address, bits] = entry.split('/');
    const type = address.includes(':') ? 'ipv6' : 'ipv4';
    if (!net.isIP(address)) throw new Error(`FIX allowed address "${entry}" is not an IP address or CIDR block`);
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) throw new Error(`FIX allowed address "${entry}" has a bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return list;
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
