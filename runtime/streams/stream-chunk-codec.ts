import { deserialize, serialize } from "../serialization/serialize.ts";

/**
 * One stored record per chunk, first byte a tag:
 * - `0x00` + raw bytes: a `Uint8Array` chunk (byte streams stay byte-exact and cheap);
 * - `0x01` + UTF-8 devalue text: any other chunk, serialized with the types table (`"stream-chunk"`);
 * - `0x02` + UTF-8 devalue text: the stream failed (its producer errored or aborted); readers error with it;
 * - `0x03` + one length byte + ASCII `<correlationId>:<attempt>` + one of the records above: written by a
 *   step attempt, so readers can skip the records of attempts the run's log shows as superseded.
 */
export const CHUNK_TAG = { bytes: 0x00, value: 0x01, error: 0x02, attempt: 0x03 } as const;

/** The step attempt that wrote a record: the step's correlation id (its `stepId`) and the 1-based attempt. */
export interface StreamAttemptTag {
  correlationId: string;
  attempt: number;
}

/** A decoded record: a chunk for the reader, or the error the producer ended the stream with. */
export type DecodedStreamRecord = { kind: "chunk"; value: unknown } | { kind: "error"; error: unknown };

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

const isUint8Array = (value: unknown): value is Uint8Array =>
  typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Uint8Array]";

const NO_PREFIX = new Uint8Array(0);
/** Longest `<correlationId>:<attempt>` label: kept below 0x80 so the length byte is valid UTF-8 on its own. */
const MAX_LABEL_BYTES = 0x7f;

/**
 * The bytes put in front of every record an attempt writes (computed once per writer).
 * @example encodeStreamChunk("hi", attemptPrefix({ correlationId: "step_01J…_0", attempt: 2 }))
 */
export function attemptPrefix(tag: StreamAttemptTag): Uint8Array {
  if (!Number.isSafeInteger(tag.attempt) || tag.attempt < 1) throw new TypeError(`Invalid step attempt ${tag.attempt}: expected an integer >= 1.`);
  const label = utf8Encoder.encode(`${tag.correlationId}:${tag.attempt}`);
  if (label.byteLength > MAX_LABEL_BYTES || /[^\x21-\x7e]/.test(tag.correlationId)) {
    throw new TypeError(`Invalid step correlation id ${JSON.stringify(tag.correlationId)} for a stream record: expected printable ASCII, with "<id>:<attempt>" at most ${MAX_LABEL_BYTES} bytes long.`);
  }
  const prefix = new Uint8Array(label.byteLength + 2);
  prefix[0] = CHUNK_TAG.attempt;
  prefix[1] = label.byteLength;
  prefix.set(label, 2);
  return prefix;
}

function tagged(prefix: Uint8Array, tag: number, payload: Uint8Array): Uint8Array {
  const record = new Uint8Array(prefix.byteLength + payload.byteLength + 1);
  record.set(prefix, 0);
  record[prefix.byteLength] = tag;
  record.set(payload, prefix.byteLength + 1);
  return record;
}

/**
 * Encodes one chunk written to a stream, behind `prefix` (see `attemptPrefix`) when a step attempt writes
 * it. Throws `SerializationError` (path `chunk…`) for a value the types table cannot carry.
 * @example encodeStreamChunk({ progress: 1 })
 */
export function encodeStreamChunk(chunk: unknown, prefix: Uint8Array = NO_PREFIX): Uint8Array {
  if (isUint8Array(chunk)) return tagged(prefix, CHUNK_TAG.bytes, chunk);
  return tagged(prefix, CHUNK_TAG.value, utf8Encoder.encode(serialize(chunk, "stream-chunk")));
}

/** Encodes the error a stream ended with; a reason that cannot be serialized is kept as its message. */
export function encodeStreamError(reason: unknown, prefix: Uint8Array = NO_PREFIX): Uint8Array {
  let text: string;
  try {
    text = serialize(reason, "stream-chunk");
  } catch {
    text = serialize(new Error(reason instanceof Error ? reason.message : String(reason)), "stream-chunk");
  }
  return tagged(prefix, CHUNK_TAG.error, utf8Encoder.encode(text));
}

/**
 * Splits a stored record into the attempt that wrote it (none for records written outside a step, and for
 * records stored before attempts were tagged) and the untagged record (a view, no copy). A malformed
 * attempt header is returned as is, for `decodeStreamChunk` to reject.
 * @example const { tag, record: plain } = splitAttemptTag(stored); if (!tag || visible(tag)) decodeStreamChunk(plain)
 */
export function splitAttemptTag(record: Uint8Array): { tag?: StreamAttemptTag; record: Uint8Array } {
  if (record[0] !== CHUNK_TAG.attempt || record.byteLength < 2) return { record };
  const end = 2 + record[1];
  if (end >= record.byteLength) return { record };
  const label = utf8Decoder.decode(record.subarray(2, end));
  const colon = label.lastIndexOf(":");
  const attempt = Number(label.slice(colon + 1));
  if (colon <= 0 || !Number.isSafeInteger(attempt) || attempt < 1) return { record };
  return { tag: { correlationId: label.slice(0, colon), attempt }, record: record.subarray(end) };
}

/**
 * Decodes a stored record back into exactly what was written: a `Uint8Array` for bytes (a view on the record,
 * no copy), the revived value otherwise. An attempt tag is dropped: deciding visibility is the reader's job.
 * @example decodeStreamChunk(encodeStreamChunk("hi")) // { kind: "chunk", value: "hi" }
 */
export function decodeStreamChunk(stored: Uint8Array): DecodedStreamRecord {
  const { record } = splitAttemptTag(stored);
  const tag = record[0];
  if (tag === CHUNK_TAG.bytes) return { kind: "chunk", value: record.subarray(1) };
  if (tag === CHUNK_TAG.value) return { kind: "chunk", value: deserialize(utf8Decoder.decode(record.subarray(1)), "stream-chunk") };
  if (tag === CHUNK_TAG.error) return { kind: "error", error: deserialize(utf8Decoder.decode(record.subarray(1)), "stream-chunk") };
  throw new TypeError(`Unknown stream record tag ${tag === undefined ? "(empty record)" : `0x${tag.toString(16)}`}.`);
}
