import 'reflect-metadata';
import { AsciiSession, MsgTag, MsgType, SessionState, type IJsFixConfig, type ILooseObject, type MsgView, type SendCallback } from 'jspurefix';
import type { FixCounterparty } from './settings';
import { FIELDS, executionReportFields, type BodyFields } from './encoding';
import { missingRequired } from './required';
import { syncReceived } from './receivedSequence';
import { SqliteSessionStore } from './store';
import { bodyInTextMark, tagIn, type FixTraffic } from './traffic';
import { DirectTransmitter } from './transmitter';

/** What a session needs from the gateway that opened it. */
export interface SessionLink {
  /** Who logged on (undefined: a SenderCompID the desk does not know). */
  counterparty: FixCounterparty | undefined;
  /** Set when the Logon is refused (decided from the Logon itself, before the session existed). */
  refusal?: string;
  /** Remote address, for the audit trail. */
  remote: string;
  traffic: FixTraffic;
  ready(session: DeskFixSession): void;
  /** Called before the session sends anything: orders received before it are answered first. */
  beforeSend(session: DeskFixSession): void;
  application(session: DeskFixSession, msgType: string, view: MsgView): void;
  stopped(session: DeskFixSession, error?: Error): void;
}

/** Application messages the desk sends; everything else is session level, gap-filled on a resend. */
const APPLICATION = new Set<string>(['8', '9', 'j']);

/**
 * One FIX session with a counterparty. jspurefix runs the session layer — logon,
 * heartbeats, test requests, sequence numbers, gap detection and ResendRequests,
 * sequence resets; this class connects it to the gateway and the desk's stores:
 * the verdict on the Logon, application messages, the traffic log, and the answer
 * to a ResendRequest (from the traffic log: jspurefix's own resend reads an
 * in-memory store it never fills, and would gap-fill every execution report).
 */
export class DeskFixSession extends AsciiSession {
  /** Application messages handed to the encoder, oldest first: their bodies, logged when encoded. */
  private readonly outgoing: PendingBody[] = [];

  constructor(
    config: IJsFixConfig,
    readonly link: SessionLink,
  ) {
    super(config);
    // Integrity checks (required tags, tags unknown to the message) are an acceptor's job.
    this.checkMsgIntegrity = true;
    // Every received message's sequence bookkeeping, without an async wrapper (receivedSequence.ts).
    syncReceived(this.coordinator);
  }

  get counterparty(): FixCounterparty | undefined {
    return this.link.counterparty;
  }

  /** The store's epoch: messages sent since the last sequence reset. Undefined on a refused session. */
  private get epoch(): number | undefined {
    return this.sessionStore instanceof SqliteSessionStore ? this.sessionStore.epoch : undefined;
  }

  get loggedOn(): boolean {
    const s = this.getState();
    return s === SessionState.ActiveNormalSession || s === SessionState.InitiationLogonResponse;
  }

  /**
   * Sends an application message; false when the session can no longer send (the
   * caller keeps it for the next logon). The body is logged for resends.
   */
  sendApp(msgType: string, message: Record<string | symbol, unknown>): boolean {
    if (this.getState() === SessionState.Stopped || !this.transport) return false;
    // Before its body is queued for the log: what the flush sends is logged first.
    this.link.beforeSend(this);
    // Execution reports, the bulk of what is sent, from a template (encoding.ts) when it can.
    const fields = msgType === '8' && !(FIELDS in message) ? executionReportFields(message) : undefined;
    const body: Record<string | symbol, unknown> = fields ? { [FIELDS]: fields } : message;
    this.outgoing.push(pendingBody(body));
    super.send(msgType, body);
    return true;
  }

  protected override send(msgType: string, obj: ILooseObject, callback?: SendCallback | null): void {
    this.link.beforeSend(this);
    super.send(msgType, obj, callback);
  }

  /** A session-level Reject (35=3) of a message the desk received: a required tag missing, a value it cannot read. */
  rejectMessage(refSeqNum: number, refMsgType: string, reason: number, text: string, refTagId?: number): void {
    this.send(MsgType.Reject, { RefSeqNum: refSeqNum, RefTagID: refTagId, RefMsgType: refMsgType, SessionRejectReason: reason, Text: text });
  }

  /** Logout, then drop the connection: the desk is stopping. */
  close(reason: string): void {
    if (this.loggedOn) this.sendLogout(reason);
    this.requestStop(reason);
  }

  protected override onMsg(msgType: string, view: MsgView): void {
    // The integrity check (jspurefix's, below) asks the view for missing required fields: the
    // same answer from a plan made once per message definition (required.ts), a fraction of
    // the cost of jspurefix's walk of the whole definition. This view lives for this message.
    view.missing = () => missingRequired(view);
    super.onMsg(msgType, view);
  }

  protected override checkForwardMsg(msgType: string, view: MsgView): void {
    // Any message proves the peer alive: one that crossed our TestRequest on the wire must not
    // end the session (jspurefix takes application messages only in an active state).
    if (this.getState() === SessionState.AwaitingProcessingResponseToTestRequest) this.setState(SessionState.ActiveNormalSession);
    super.checkForwardMsg(msgType, view);
  }

  protected onLogon(): boolean | Promise<boolean> {
    // A rejected promise is jspurefix's way to refuse with a reason: the Logout carries it.
    return this.link.refusal === undefined ? true : Promise.reject(new Error(this.link.refusal));
  }

  protected onReady(): void {
    this.link.ready(this);
  }

  protected onApplicationMsg(msgType: string, view: MsgView): void {
    this.link.application(this, msgType, view);
  }

  protected onStopped(error?: Error): void {
    this.link.stopped(this, error);
  }

  protected onDecoded(msgType: string, txt: string): void {
    const cp = this.link.counterparty;
    this.link.traffic.record({
      counterparty: cp?.compId ?? tagIn(txt, 49) ?? this.link.remote,
      actor: actorOf(cp),
      direction: 'in',
      msgType,
      msgSeq: Number(tagIn(txt, 34)) || undefined,
      possDup: tagIn(txt, 43) === 'Y',
      orderId: tagIn(txt, 37),
      text: masked(txt),
    });
  }

  protected onEncoded(msgType: string, txt: string): void {
    const cp = this.link.counterparty;
    this.link.traffic.record({
      counterparty: cp?.compId ?? tagIn(txt, 56) ?? this.link.remote,
      actor: actorOf(cp),
      direction: 'out',
      msgType,
      msgSeq: Number(tagIn(txt, 34)) || undefined,
      epoch: this.epoch,
      possDup: tagIn(txt, 43) === 'Y',
      orderId: tagIn(txt, 37),
      body: APPLICATION.has(msgType) ? loggedBody(this.outgoing.shift(), txt, this.wroteWhole()) : undefined,
      text: txt,
    });
  }

  /** Whether the transmitter wrote the message just encoded whole, its values checked (transmitter.ts). */
  private wroteWhole(): boolean {
    const t = this.transport?.transmitter;
    return t instanceof DirectTransmitter && t.wroteWhole;
  }

  /**
   * Answers a ResendRequest (2) from the traffic log: execution reports and cancel
   * rejects go again as they were, with PossDupFlag=Y and their original SendingTime;
   * session messages (logon, heartbeats…) and numbers with nothing to resend are
   * skipped with SequenceReset-GapFill, one per run of them.
   */
  protected override onResendRequest(view: MsgView): void {
    const [begin, end] = view.getTypedTags([MsgTag.BeginSeqNo, MsgTag.EndSeqNo]) as number[];
    const cp = this.link.counterparty;
    const epoch = this.epoch;
    if (!cp || epoch === undefined) return;
    const last = (this.sessionStore as SqliteSessionStore).senderSeqNum - 1;
    const to = !end || end > last ? last : end;
    if (!(begin >= 1) || begin > to) return;
    const sent = this.link.traffic.sent(cp.compId, epoch, begin, to);
    for (const step of resendPlan(begin, to, sent)) {
      if (step.kind === 'gap') {
        this.send(MsgType.SequenceReset, { StandardHeader: { MsgSeqNum: step.from, PossDupFlag: true, SendingTime: new Date() }, GapFillFlag: true, NewSeqNo: step.next });
      } else {
        this.sendApp(step.msgType, { ...deserialize(step.body), StandardHeader: { MsgSeqNum: step.seq, PossDupFlag: true, SendingTime: new Date(step.at) } });
      }
    }
  }
}

/** Passwords (554, 925) never reach the audit trail. */
export const masked = (txt: string) => (txt.includes('554=') || txt.includes('925=') ? txt.replace(/(^|\|)(554|925)=[^|]*/g, '$1$2=***') : txt);

const actorOf = (cp: FixCounterparty | undefined) => (cp ? (cp.role === 'orders' ? cp.owner : cp.compId) : 'unknown');

export type ResendStep = { kind: 'gap'; from: number; next: number } | { kind: 'resend'; seq: number; msgType: string; at: number; body: string };

/** Which numbers from..to are sent again and which are skipped (runs of skipped numbers make one gap fill). */
export function resendPlan(from: number, to: number, sent: ReadonlyArray<{ seq: number; msgType: string; at: number; body: string | null }>): ResendStep[] {
  const bySeq = new Map(sent.map((s) => [s.seq, s]));
  const steps: ResendStep[] = [];
  let gapFrom: number | undefined;
  for (let seq = from; seq <= to; seq++) {
    const s = bySeq.get(seq);
    if (s && s.body && APPLICATION.has(s.msgType)) {
      if (gapFrom !== undefined) steps.push({ kind: 'gap', from: gapFrom, next: seq }), (gapFrom = undefined);
      steps.push({ kind: 'resend', seq, msgType: s.msgType, at: s.at, body: s.body });
    } else gapFrom ??= seq;
  }
  if (gapFrom !== undefined) steps.push({ kind: 'gap', from: gapFrom, next: to + 1 });
  return steps;
}

/**
 * A message body as the traffic log keeps it for resends. A body already written as
 * fields (encoding.ts) — nearly every report — is kept as those fields in FIX's own form,
 * `tag=value` each ended by SOH (a third of JSON's cost on the hot path); one whose values
 * hold an SOH, as JSON `{"$fields": …}`. Other objects: JSON that keeps Dates (timestamps
 * must be encoded as FIX times again on a resend).
 */
export function serialize(message: Record<string | symbol, unknown>): string {
  const fields = message[FIELDS] as BodyFields | undefined;
  if (fields) return fieldsText(fields) ?? JSON.stringify({ $fields: fields });
  return JSON.stringify(message, function (this: Record<string, unknown>, k, v) {
    const raw = this[k];
    return raw instanceof Date ? { $date: raw.getTime() } : v;
  });
}

/**
 * A body waiting to be logged with its message: serialized, or — a templated body, nearly every
 * report — its fields and their length as logged text, so the log can point into the message's
 * text rather than keep a second copy (traffic.ts `bodyInText`) when its values are ASCII without
 * '|' or SOH (`loggedBody` decides, once the message is encoded).
 */
export type PendingBody = string | { fields: BodyFields; length: number };

/**
 * What the logged text would not give back as it was: its delimiter, SOH, and anything past ASCII
 * (jspurefix decodes the text as 'ascii', which drops each byte's top bit: 'ü' comes back as '|').
 */
const NOT_IN_TEXT = /[|\x01\u0080-\uffff]/;

export function pendingBody(body: Record<string | symbol, unknown>): PendingBody {
  const fields = body[FIELDS] as BodyFields | undefined;
  if (!fields?.length) return serialize(body);
  let length = 0;
  // tag=value|
  for (const [tag, value] of fields) length += (tag < 10 ? 1 : tag < 100 ? 2 : tag < 1000 ? 3 : String(tag).length) + value.length + 2;
  return { fields, length };
}

/**
 * How the log keeps a body: a templated one as where it sits in the logged text, when the text is
 * as expected and holds its values as they were — known when the transmitter wrote the message
 * whole (`written`: it takes only such values), else checked here.
 */
export function loggedBody(pending: PendingBody | undefined, text: string, written: boolean): string | undefined {
  if (pending === undefined || typeof pending === 'string') return pending;
  const fields = pending.fields;
  if (!written) for (const [, value] of fields) if (NOT_IN_TEXT.test(value)) return serialize({ [FIELDS]: fields });
  return bodyInTextMark(text, pending.length, fields[0][0]) ?? serialize({ [FIELDS]: fields });
}

export function deserialize(body: string): Record<string | symbol, unknown> {
  // FIX fields begin with a tag's digits; JSON with '{'.
  const c = body.charCodeAt(0);
  if (c >= 48 && c <= 57) return { [FIELDS]: fieldsOfText(body) };
  const parsed = JSON.parse(body, (_k, v) => (v && typeof v === 'object' && typeof v.$date === 'number' && Object.keys(v).length === 1 ? new Date(v.$date) : v));
  return Array.isArray(parsed?.$fields) ? { [FIELDS]: parsed.$fields } : parsed;
}

const SOH = '\x01';

function fieldsText(fields: BodyFields): string | undefined {
  // An empty body would read back as nothing: JSON says it.
  if (!fields.length) return undefined;
  let text = '';
  for (const [tag, value] of fields) {
    if (value.includes(SOH)) return undefined;
    text += `${tag}=${value}${SOH}`;
  }
  return text;
}

function fieldsOfText(text: string): BodyFields {
  const fields: Array<readonly [number, string]> = [];
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf(SOH, at);
    const eq = text.indexOf('=', at);
    fields.push([Number(text.slice(at, eq)), text.slice(eq + 1, end)]);
    at = end + 1;
  }
  return fields;
}
