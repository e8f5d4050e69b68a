import type { RecordedError } from "../events/event.ts";
import { isErrorCode } from "../errors/codes.ts";
import { WORKFLOW_ERROR_BRAND, describeValue } from "../errors/workflow-error.ts";

/** Deepest `cause` chain recorded; deeper causes (or cycles) are cut off. */
const MAX_CAUSE_DEPTH = 16;

/** Built-in error classes rebuilt with their own constructor, so `instanceof TypeError` still works. */
const NATIVE_ERROR_NAMES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);

/** The fields an error is rebuilt from; `cause` is already rebuilt (or absent). */
export interface ErrorParts {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
}

/**
 * Captures what the log keeps of a thrown value: name, message, stack, a string `code`, and the `cause`
 * chain. Values that are not errors (`throw "boom"`) become `{ name: "Error", message }`.
 * @example toRecordedError(new TypeError("bad")) // { name: "TypeError", message: "bad", stack: "TypeError: bad\n    at …" }
 */
export function toRecordedError(error: unknown): RecordedError {
  return record(error, 0);
}

function record(error: unknown, depth: number): RecordedError {
  if (!isErrorLike(error)) {
    return { name: "Error", message: typeof error === "string" ? error : describeValue(error) };
  }
  const name = read(error, "name");
  const message = read(error, "message");
  const recorded: RecordedError = {
    name: typeof name === "string" && name ? name : "Error",
    message: typeof message === "string" ? message : String(message ?? ""),
  };
  const stack = read(error, "stack");
  if (typeof stack === "string") recorded.stack = stack;
  const code = read(error, "code");
  if (typeof code === "string") recorded.code = code;
  const cause = read(error, "cause");
  if (cause !== undefined && depth < MAX_CAUSE_DEPTH) recorded.cause = record(cause, depth + 1);
  return recorded;
}

/**
 * Rebuilds a recorded error as a real `Error` of the given realm (default: this one), with its name,
 * message, stack, code and cause chain. Runtime codes get the WorkflowError brand back, so
 * `WorkflowError.is()` and `FatalError.is()` hold on the rebuilt error.
 * @example fromRecordedError(event.error, sandboxGlobal)
 */
export function fromRecordedError(recorded: RecordedError, global: typeof globalThis = globalThis): Error {
  const cause = recorded.cause ? { value: fromRecordedError(recorded.cause, global) } : undefined;
  return buildError(recorded, cause, global);
}

/** Creates an error in `global`'s realm from its parts; shared with the serialization table's `Error` row. */
export function buildError(parts: ErrorParts, cause: { value: unknown } | undefined, global: typeof globalThis): Error {
  const realm = global as unknown as Record<string, ErrorConstructor | undefined>;
  const Constructor = (NATIVE_ERROR_NAMES.has(parts.name) && realm[parts.name]) || realm.Error || Error;
  const error = new Constructor(parts.message);
  if (error.name !== parts.name) own(error, "name", parts.name);
  // Without a recorded stack, a header-only stack beats one pointing into this function.
  own(error, "stack", parts.stack ?? `${parts.name}: ${parts.message}`);
  if (parts.code !== undefined) own(error, "code", parts.code);
  if (isErrorCode(parts.code)) Object.defineProperty(error, WORKFLOW_ERROR_BRAND, { value: true });
  if (parts.name === "FatalError") own(error, "fatal", true);
  if (cause) own(error, "cause", cause.value);
  return error;
}

/** True for errors of any realm (and error-shaped objects such as DOMException). */
export function isErrorLike(value: unknown): value is Error {
  if (typeof value !== "object" || value === null) return false;
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

function own(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

/** Reads a property that a hostile or broken error may guard with a throwing getter. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
