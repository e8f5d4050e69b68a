import { docsForCode, isErrorCode } from "./codes.ts";

/**
 * Brand carried by every WorkflowError. A `Symbol.for` key is shared by all realms of one process, so the
 * brand survives errors created by another copy of this module (a `node:vm` context, a second bundle).
 */
export const WORKFLOW_ERROR_BRAND: unique symbol = Symbol.for("vite-workflow.error") as never;

/** Options of `new WorkflowError()`. */
export interface WorkflowErrorOptions {
  /** README link explaining the error. Default: the section of `code` when it is a runtime code. */
  docs?: string;
  /** The error (or value) that led to this one. Default: none. */
  cause?: unknown;
  /**
   * Append `\n\nLearn more: <docs>` to the message, as the reference does for its documented errors.
   * Default: `true`. Errors that report an outcome rather than a mistake (a run failed) set it to `false`.
   */
  learnMore?: boolean;
}

/**
 * Base of every error the runtime throws: a stable `code` (`ERR_AREA_WHAT`), a `docs` link to the README
 * section about it, and the `cause`. Identify it with `WorkflowError.is(e)`, never `instanceof`: errors
 * cross `node:vm` realms.
 * @example throw new WorkflowError("ERR_HOOK_NOT_FOUND", `No hook with token "${token}"`);
 */
export class WorkflowError extends Error {
  /** Stable machine-readable code, e.g. `ERR_REPLAY_DIVERGENCE`. */
  readonly code: string;
  /** README link explaining what happened and how to fix it. */
  readonly docs?: string;
  declare readonly [WORKFLOW_ERROR_BRAND]: true;

  constructor(code: string, message: string, options: WorkflowErrorOptions = {}) {
    const docs = options.docs ?? (isErrorCode(code) ? docsForCode(code) : undefined);
    const text = docs && options.learnMore !== false ? `${message}\n\nLearn more: ${docs}` : message;
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WorkflowError";
    this.code = code;
    if (docs) this.docs = docs;
    Object.defineProperty(this, WORKFLOW_ERROR_BRAND, { value: true });
  }

  /** True for any WorkflowError, from any realm or copy of this package (checks the brand). */
  static is(value: unknown): value is WorkflowError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[WORKFLOW_ERROR_BRAND] === true;
  }
}

/**
 * Renders any value for an error message: strings quoted, objects as short JSON when possible.
 * @example describeValue({ status: 200 }) // '{"status":200}'
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null) return String(value);
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== "Object" && tag !== "Array") return `[object ${tag}]`;
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return `[object ${tag}]`;
  }
}
