import 'reflect-metadata';
import type { Writable } from 'node:stream';
import type { IJsFixConfig, ILooseObject, SendCallback } from 'jspurefix';
import { AsciiMsgTransmitter } from 'jspurefix/dist/transport/ascii/ascii-msg-transmitter';
import { MsgPayload } from 'jspurefix/dist/transport/msg-payload';
import type { AsciiEncoder } from 'jspurefix/dist/buffer/ascii';

/**
 * jspurefix's ASCII transmitter, writing each message to the connection as it is
 * encoded rather than through its Transform stream (an object-mode write, a push and
 * a pipe hop a message, as much as a tenth of a report's cost).
 *
 * Everything else is jspurefix's and happens as its stream does it, in the same order:
 * `encodeMessage` numbers the message (MsgSeqNum), writes header, body, BodyLength,
 * CheckSum and trailer; the wire copy (`wireCopy`, the bytes of jspurefix's `trim`) goes out; 'encoded' is emitted with the logged
 * text and header — the session moves its sequence number and store on it, and the
 * desk logs the message (session.ts) — and the caller's callback is settled. A
 * message that cannot be encoded is an 'error', as the stream's would be.
 *
 * The connection is corked by the gateway until the turn's traffic log is committed
 * (gateway.ts `hold`), so a turn's messages still leave in one write, after the log.
 * Registered in the session's container under jspurefix's own token (gateway.ts), the
 * seam jspurefix uses to pick a transmitter.
 */
export class DirectTransmitter extends AsciiMsgTransmitter {
  constructor(
    config: IJsFixConfig,
    private readonly out: Writable,
  ) {
    super(config);
  }

  override send(msgType: string, obj: ILooseObject, callback: SendCallback | null = null): void {
    const payload = new MsgPayload(msgType, obj, callback);
    try {
      this.encoder.reset();
      const header = this.encodeMessage(msgType, obj);
      payload.encoded = wireCopy(this.encoder as AsciiEncoder);
      // A connection already gone drops it, as the stream's pipe would.
      if (!this.out.destroyed && !this.out.writableEnded) this.out.write(payload.encoded);
      this.emit('encoded', msgType, this.buffer.toString(), header);
      this.settle(payload, header ? null : new Error(`could not encode ${msgType}`), header);
    } catch (e) {
      this.settle(payload, e as Error, null);
      this.emit('error', e);
    }
  }
}

/**
 * The encoder's message as it goes on the wire: its buffer with each field's log delimiter
 * ('|') turned back into the wire's (SOH) — what jspurefix's `AsciiEncoder.trim` returns
 * (encoding.test.ts checks it), from a pooled buffer and without a checked write per field:
 * a fifth of trim's cost.
 */
export function wireCopy(encoder: AsciiEncoder): Buffer {
  // slice() is a view of the encoder's buffer, reused by the next message: copied out.
  const encoded = encoder.buffer.slice();
  const wire = Buffer.allocUnsafe(encoded.length);
  encoded.copy(wire);
  const delimiter = encoder.delimiter;
  if (delimiter !== encoder.logDelimiter) {
    const tags = encoder.tags;
    for (let i = 0; i < tags.nextTagPos; i++) {
      const at = tags.tagPos[i];
      wire[at.start + at.len] = delimiter;
    }
  }
  return wire;
}
