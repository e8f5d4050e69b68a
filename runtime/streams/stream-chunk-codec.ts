import { deserialize, serialize } from "../serialization/serialize.ts";

/**
 * One stored record per chunk, first byte a tag:
 * - `0x00` + raw bytes: a `Uint8Array` chunk (byte streams stay byte-exact and cheap);
 * - `0x01` + UTF-8 devalue text: any other chunk, serialized with the types table (`"stream-chunk"`);
 * - `0x02` + UTF-8 devalue text: the stream failed (its producer errored or aborted); readers error with it.
 */
export const CHUNK_TAG = { bytes: 0x00, value: 0x01, error: 0x02 } as const;

/** A decoded record: a chunk for the reader, or the error the producer ended the stream with. */
export type DecodedStreamRecord = { kind: "chunk"; value: unknown } | { kind: "error"; error: unknown };

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

const isUint8Array = (value: unknown): value is Uint8Array =>
  typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Uint8Array]";

function tagged(tag: number, payload: Uint8Array): Uint8Array {
  const record = new Uint8Array(payload.byteLength + 1);
  record[0] = tag;
  record.set(payload, 1);
  return record;
}

/**
 * Encodes one chunk written to a stream. Throws `SerializationError` (path `chunk…`) for a value the
 * types table cannot carry.
 * @example encodeStreamChunk({ progress: 1 })
 */
export function encodeStreamChunk(chunk: unknown): Uint8Array {
  if (isUint8Array(chunk)) return tagged(CHUNK_TAG.bytes, chunk);
  return tagged(CHUNK_TAG.value, utf8Encoder.encode(serialize(chunk, "stream-chunk")));
}

/** Encodes the error a stream ended with; a reason that cannot be serialized is kept as its message. */
export function encodeStreamError(reason: unknown): Uint8Array {
  let text: string;
  try {
    text = serialize(reason, "stream-chunk");
  } catch {
    text = serialize(new Error(reason instanceof Error ? reason.message : String(reason)), "stream-chunk");
  }
  return tagged(CHUNK_TAG.error, utf8Encoder.encode(text));
}

/**
 * Decodes a stored record back into exactly what was written: a `Uint8Array` for bytes (a view on the record,
 * no copy), the revived value otherwise.
 * @example decodeStreamChunk(encodeStreamChunk("hi")) // { kind: "chunk", value: "hi" }
 */
export function decodeStreamChunk(record: Uint8Array): DecodedStreamRecord {
  const tag = record[0];
  if (tag === CHUNK_TAG.bytes) return { kind: "chunk", value: record.subarray(1) };
  if (tag === CHUNK_TAG.value) return { kind: "chunk", value: deserialize(utf8Decoder.decode(record.subarray(1)), "stream-chunk") };
  if (tag === CHUNK_TAG.error) return { kind: "error", error: deserialize(utf8Decoder.decode(record.subarray(1)), "stream-chunk") };
  throw new TypeError(`Unknown stream record tag ${tag === undefined ? "(empty record)" : `0x${tag.toString(16)}`}.`);
}
