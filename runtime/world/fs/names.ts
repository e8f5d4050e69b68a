import { createHash } from "node:crypto";
import { isRunId as isRunIdValue } from "../../events/ids.ts";
import { WorldInputError } from "./world-errors.ts";

export { WorldInputError };

/** File-name-safe characters; any other name is stored base64url-encoded behind a `~`. */
const SAFE_NAME_RE = /^[A-Za-z0-9_-]{1,160}$/;
const ENCODED_NAME_RE = /^~[A-Za-z0-9_-]{1,240}$/;
const MAX_NAME_LENGTH = 170;

/** Throws unless `runId` is `wrun_<ULID>`. */
export function assertRunId(runId: unknown): asserts runId is string {
  if (!isRunIdValue(runId)) {
    throw new WorldInputError(`Invalid run id ${JSON.stringify(runId)}: expected "wrun_" followed by a ULID.`);
  }
}

/** True when `runId` is `wrun_<ULID>`. */
export function isRunId(runId: string): boolean {
  return isRunIdValue(runId);
}

/**
 * Maps an arbitrary non-empty string (stream name, queue message id) to one path segment that is safe on
 * every OS: kept as is when it only uses `[A-Za-z0-9_-]`, otherwise `~` + base64url of its UTF-8 bytes.
 */
export function toFileName(kind: string, name: unknown): string {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new WorldInputError(`Invalid ${kind} ${JSON.stringify(name)}: expected 1-${MAX_NAME_LENGTH} characters.`);
  }
  if (SAFE_NAME_RE.test(name)) return name;
  const encoded = `~${Buffer.from(name, "utf8").toString("base64url")}`;
  if (!ENCODED_NAME_RE.test(encoded)) throw new WorldInputError(`Invalid ${kind} ${JSON.stringify(name)}: too long.`);
  return encoded;
}

/** Inverse of `toFileName`; undefined for names this module did not produce. */
export function fromFileName(fileName: string): string | undefined {
  if (SAFE_NAME_RE.test(fileName)) return fileName;
  if (ENCODED_NAME_RE.test(fileName)) return Buffer.from(fileName.slice(1), "base64url").toString("utf8");
  return undefined;
}

/** SHA-256 hex of a secret-ish key (hook token, idempotency key): fixed-length, path-safe file name. */
export function hashKey(kind: string, key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > 4096) {
    throw new WorldInputError(`Invalid ${kind}: expected a non-empty string of at most 4096 characters.`);
  }
  return createHash("sha256").update(key, "utf8").digest("hex");
}
