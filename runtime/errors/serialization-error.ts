import { DOCUMENTED_ERRORS } from "./codes.ts";
import { WorkflowError } from "./workflow-error.ts";

/** Details of a value that could not be serialized. */
export interface SerializationErrorDetails {
  /** What was being serialized, as the documented message says it: `"workflow arguments"`, `"step return value"`, ... */
  subject: string;
  /** Where the offending value sits, e.g. `args[0].user.callback`. */
  path?: string;
  /** Why it failed, completing the path: `is a function`. */
  reason?: string;
  cause?: unknown;
}

/**
 * A value crossing a boundary (workflow/step arguments or return values, hook payloads, stream chunks) is not
 * serializable. The message starts with the documented serialization-failed text and names the path.
 * @example new SerializationError({ subject: "step arguments", path: "args[0].callback", reason: "is a function" })
 */
export class SerializationError extends WorkflowError {
  /** Path of the offending value, e.g. `args[0].user.callback`; undefined when unknown. */
  readonly path?: string;

  constructor(details: SerializationErrorDetails) {
    const entry = DOCUMENTED_ERRORS["serialization-failed"];
    const where = details.path && details.reason ? `\n\n${details.path} ${details.reason}.` : "";
    super(entry.code, entry.message(details.subject) + where, { cause: details.cause });
    this.name = "SerializationError";
    if (details.path) this.path = details.path;
  }

  static override is(value: unknown): value is SerializationError {
    return WorkflowError.is(value) && value.code === "ERR_SERIALIZATION_FAILED";
  }
}

/**
 * A stored value could not be read back: the data is corrupt, was written by an incompatible version, or
 * names a type this process cannot rebuild.
 */
export class DeserializationError extends WorkflowError {
  constructor(subject: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      "ERR_DESERIALIZATION_FAILED",
      `Failed to deserialize ${subject}: ${reason}. The stored data is corrupt or was written by an incompatible version of vite-workflow.`,
      { cause },
    );
    this.name = "DeserializationError";
  }
}
