import { WorkflowError } from "../errors/workflow-error.ts";
import { runUlidOf } from "../events/ids.ts";
import { toBase64Url } from "./base64url.ts";

/** Longest namespace accepted by `getWritable({ namespace })`, in UTF-8 bytes. */
export const MAX_NAMESPACE_BYTES = 64;

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";
/**
 * Every stream name this runtime produces: a run's user streams (`strm_<runULID>_user[_<b64url ns>]`) and
 * streams passed by reference (`strm_[<runULID>_]ref_<128-bit random, b64url>`). Names become storage keys,
 * so anything else is rejected before it reaches a world.
 */
export const STREAM_NAME_RE = new RegExp(`^strm_(?:${ULID}_user(?:_[A-Za-z0-9_-]{1,88})?|(?:${ULID}_)?ref_[A-Za-z0-9_-]{22})$`);

const utf8 = new TextEncoder();

/** Thrown for a malformed stream name, namespace or start index. */
function invalid(message: string): WorkflowError {
  return new WorkflowError("ERR_WORLD_INVALID_INPUT", message);
}

function runUlid(runId: string): string {
  const ulid = runUlidOf(runId);
  if (ulid === undefined) throw invalid(`Invalid run id ${JSON.stringify(runId)}: expected "wrun_" followed by a ULID.`);
  return ulid;
}

/**
 * Name of a run's user stream: the default one (`getWritable()`, `run.readable`) or a namespaced one.
 * @example userStreamName("wrun_01J…", "logs") // "strm_01J…_user_bG9ncw"
 */
export function userStreamName(runId: string, namespace?: string): string {
  const base = `strm_${runUlid(runId)}_user`;
  if (namespace === undefined) return base;
  if (typeof namespace !== "string" || namespace.length === 0) {
    throw invalid(`Invalid stream namespace ${JSON.stringify(namespace)}: expected a non-empty string.`);
  }
  const bytes = utf8.encode(namespace);
  if (bytes.length > MAX_NAMESPACE_BYTES) {
    throw invalid(`Invalid stream namespace ${JSON.stringify(namespace)}: at most ${MAX_NAMESPACE_BYTES} bytes (UTF-8) are allowed.`);
  }
  return `${base}_${toBase64Url(bytes)}`;
}

/**
 * A fresh, unguessable name (128 CSPRNG bits) for a stream passed by reference; carries the run's ULID when
 * the run is known, so the stream is listed with the run.
 * @example createReferenceStreamName("wrun_01J…") // "strm_01J…_ref_3q2-7wEAAAB9Xp0v1x0Hkw"
 */
export function createReferenceStreamName(runId?: string): string {
  const random = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  return runId === undefined ? `strm_ref_${random}` : `strm_${runUlid(runId)}_ref_${random}`;
}

/** True when `name` is a stream name this runtime could have produced. */
export function isStreamName(name: unknown): name is string {
  return typeof name === "string" && STREAM_NAME_RE.test(name);
}

/** Throws unless `name` is a well-formed stream name (names from the log or a request are checked here). */
export function assertStreamName(name: unknown): asserts name is string {
  if (!isStreamName(name)) throw invalid(`Invalid stream name ${JSON.stringify(name)}.`);
}

/** Throws unless `startIndex` is a non-negative safe integer. */
export function assertStartIndex(startIndex: unknown): asserts startIndex is number {
  if (!Number.isSafeInteger(startIndex) || (startIndex as number) < 0) {
    throw invalid(`Invalid stream start index ${JSON.stringify(startIndex)}: expected an integer >= 0.`);
  }
}
