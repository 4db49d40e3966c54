import 'reflect-metadata';
import { AsciiSession, EmptyLogFactory, SessionLauncher, SessionState, type EngineFactory, type IJsFixConfig, type ISessionDescription, type MsgView } from 'jspurefix';

/**
 * A real FIX initiator (jspurefix over TCP) playing the OMS or a drop copy
 * consumer, for the gateway's tests and benchmark. Not used by the desk itself.
 */
export interface Received {
  msgType: string;
  /** The message as jspurefix parsed it (header included). */
  body: Record<string, any>;
  at: number;
}

export class ClientSession extends AsciiSession {
  readonly received: Received[] = [];
  readonly sessionMessages: Received[] = [];
  readonly ready: Promise<void>;
  readonly stoppedWith: Promise<Error | undefined>;
  private onReadyFn!: () => void;
  private onStopFn!: (e?: Error) => void;
  private waiters: Array<{ test: (r: Received) => boolean; resolve: (r: Received) => void }> = [];
  /** Called for each application message as it arrives (the benchmark times acks here). */
  onMessage: ((msgType: string, view: MsgView) => void) | undefined;

  constructor(config: IJsFixConfig) {
    super(config);
    this.ready = new Promise((r) => (this.onReadyFn = r));
    this.stoppedWith = new Promise((r) => (this.onStopFn = r));
  }

  sendApp(msgType: string, message: Record<string, unknown>): void {
    this.send(msgType, message);
  }

  /** Sends a session-level message too (tests of resend and gap fill). */
  sendRaw(msgType: string, message: Record<string, unknown>): void {
    this.send(msgType, message);
  }

  logout(): void {
    this.done();
  }

  get isStopped(): boolean {
    return this.getState() === SessionState.Stopped;
  }

  /** The next (or an already received, not yet taken) application message matching `test`. */
  next(test: (r: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
    const found = this.received.find(test);
    if (found) {
      this.received.splice(this.received.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (r: Received) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching message within ${timeoutMs} ms; have ${JSON.stringify(this.received.map((r) => r.body))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  protected onApplicationMsg(msgType: string, view: MsgView): void {
    if (this.onMessage) return this.onMessage(msgType, view);
    const r: Received = { msgType, body: view.toObject() as Record<string, any>, at: Date.now() };
    const w = this.waiters.find((x) => x.test(r));
    if (w) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(r);
    } else this.received.push(r);
  }

  protected override onSessionMsg(msgType: string, view: MsgView): void {
    this.sessionMessages.push({ msgType, body: view.toObject() as Record<string, any>, at: Date.now() });
    super.onSessionMsg(msgType, view);
  }

  protected onReady(): void {
    this.onReadyFn();
  }
  protected onStopped(error?: Error): void {
    this.onStopFn(error);
  }
  protected onLogon(): boolean {
    return true;
  }
  protected onDecoded(): void {}
  protected onEncoded(): void {}
}

export interface ClientOptions {
  port: number;
  senderCompId?: string;
  targetCompId?: string;
  password?: string;
  /** Start both sequences at 1 (default); false resumes from the numbers below. */
  reset?: boolean;
  lastSentSeqNum?: number;
  lastReceivedSeqNum?: number;
  heartBtInt?: number;
}

class Launcher extends SessionLauncher {
  session: ClientSession | undefined;
  constructor(description: ISessionDescription) {
    super(description, null, new EmptyLogFactory());
  }
  protected override makeFactory(): EngineFactory {
    return { makeSession: (c: IJsFixConfig) => (this.session = new ClientSession(c)) } as EngineFactory;
  }
}

export interface Client {
  session: ClientSession;
  /** Resolves when the session ends. */
  done: Promise<unknown>;
}

/** Connects and logs on; resolves once logged on (rejects if the session ends first). */
export async function connectClient(o: ClientOptions): Promise<Client> {
  const description = {
    application: { type: 'initiator', name: 'test-oms', protocol: 'ascii', dictionary: 'qf44', reconnectSeconds: 0, connectTimeoutSeconds: 5, tcp: { host: '127.0.0.1', port: o.port } },
    BeginString: 'FIX.4.4',
    SenderCompId: o.senderCompId ?? 'OMS',
    TargetCompID: o.targetCompId ?? 'DESK',
    Password: o.password ?? 'oms-demo',
    Username: o.senderCompId ?? 'OMS',
    HeartBtInt: o.heartBtInt ?? 30,
    ResetSeqNumFlag: o.reset ?? true,
    LastSentSeqNum: o.lastSentSeqNum,
    LastReceivedSeqNum: o.lastReceivedSeqNum,
  } as unknown as ISessionDescription;
  const launcher = new Launcher(description);
  const done = launcher.run().catch((e) => e);
  for (let i = 0; i < 200 && !launcher.session; i++) await new Promise((r) => setTimeout(r, 10));
  const session = launcher.session;
  if (!session) throw new Error('the FIX client did not start');
  const outcome = await Promise.race([session.ready.then(() => 'ready'), session.stoppedWith.then((e) => e ?? new Error('session ended before logon'))]);
  if (outcome !== 'ready') throw outcome;
  return { session, done };
}
