/**
 * Encoding a message once for every socket it goes to.
 *
 * A live delta goes to every subscriber of its audience as the same object
 * (rowStream.ts). tRPC's WebSocket adapter would JSON-encode it again for each
 * socket, inside a per-subscription envelope; this encoder encodes a shared
 * payload once, caches the text, and splices it into each envelope. The wire
 * format is exactly what tRPC's default JSON encoder writes.
 */
const shared = new WeakSet<object>();
const encoded = new WeakMap<object, string>();

/** Marks `payload` as sent unchanged to many sockets. It must not be mutated afterwards. */
export function markShared<T extends object>(payload: T): T {
  shared.add(payload);
  return payload;
}

// The envelope carries only ids and tags, so this cannot occur in it by accident.
const HOLE = '\u0000shared-payload\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

interface DataFrame {
  result?: { data?: unknown };
}

/** Where tRPC puts a subscription's yielded value in its envelope: `result.data`, or `result.data.data` when tracked. */
function sharedPayloadOf(frame: DataFrame): { payload: object; tracked: boolean } | undefined {
  const data = frame?.result?.data;
  if (typeof data !== 'object' || data === null) return undefined;
  if (shared.has(data)) return { payload: data, tracked: false };
  const inner = (data as { data?: unknown }).data;
  if (typeof inner === 'object' && inner !== null && shared.has(inner)) return { payload: inner, tracked: true };
  return undefined;
}

/** A drop-in for tRPC's WebSocket JSON encoder (applyWSSHandler's `experimental_encoder`). */
export const sharedJsonEncoder = {
  encode(frame: unknown): string {
    const found = sharedPayloadOf(frame as DataFrame);
    if (!found) return JSON.stringify(frame);
    let json = encoded.get(found.payload);
    if (json === undefined) encoded.set(found.payload, (json = JSON.stringify(found.payload)));
    const f = frame as { result: { data: { data?: unknown } } };
    const data = found.tracked ? { ...f.result.data, data: HOLE } : HOLE;
    const envelope = JSON.stringify({ ...f, result: { ...f.result, data } });
    const at = envelope.indexOf(HOLE_JSON);
    return envelope.slice(0, at) + json + envelope.slice(at + HOLE_JSON.length);
  },
  decode(data: string | ArrayBuffer | Uint8Array): unknown {
    if (typeof data !== 'string') throw new Error('the desk stream speaks JSON text frames');
    return JSON.parse(data);
  },
};
