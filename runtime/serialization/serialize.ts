import { parse, stringify, stringifyAsync } from "devalue";
import { DeserializationError, SerializationError } from "../errors/serialization-error.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import { realmOperations } from "./realm-operations.ts";
import { describeUnserializable } from "./describe-unserializable.ts";
import { CUSTOM_TYPES, type CustomTypeRow } from "./types-table.ts";

/** Where a value crosses into the event log; names the value in error messages. */
export type Boundary =
  | "workflow-arguments"
  | "workflow-return-value"
  | "step-arguments"
  | "step-return-value"
  | "hook-payload"
  | "stream-chunk";

/** How each boundary is named in messages (documented text) and what its root value is called in paths. */
export const BOUNDARIES: Record<Boundary, { subject: string; root: string }> = {
  "workflow-arguments": { subject: "workflow arguments", root: "args" },
  "workflow-return-value": { subject: "workflow return value", root: "returnValue" },
  "step-arguments": { subject: "step arguments", root: "args" },
  "step-return-value": { subject: "step return value", root: "returnValue" },
  "hook-payload": { subject: "hook payload", root: "payload" },
  "stream-chunk": { subject: "stream chunk", root: "chunk" },
};

/** Options of `serialize` and `serializeAsync`. */
export interface SerializeOptions {
  /**
   * Extra reducer/reviver rows tried before the table's (the extension point for streams passed by
   * reference). The same rows must be given to `deserialize`. Default: none.
   */
  types?: readonly CustomTypeRow[];
}

/** Options of `deserialize`. */
export interface DeserializeOptions extends SerializeOptions {
  /**
   * Global of the realm the value is revived into: a `node:vm` context's global makes every object, array,
   * Map, Set, Date, Error, ... an instance of that realm's constructors. Default: this realm.
   */
  global?: typeof globalThis;
}

type Reducers = Record<string, (value: unknown) => unknown>;

/** Promises our async reducers returned: the only thenables devalue may await (user promises fail). */
const pendingReductions = new WeakSet<object>();
const SYNC_OPERATIONS = { operations: { isThenable: () => false } };
const ASYNC_OPERATIONS = { operations: { isThenable: (value: unknown) => pendingReductions.has(value as object) } };

/**
 * devalue offers every value to every reducer. Primitives, arrays and this realm's plain objects (most of
 * any payload) match no row, so they are turned away before the rows' own checks run.
 */
function mayMatchARow(value: unknown): boolean {
  if (typeof value === "function") return true;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.getPrototypeOf(value) !== Object.prototype;
}

function createReducers(rows: readonly CustomTypeRow[], async: boolean): Reducers {
  const reducers: Reducers = {};
  for (const row of rows) {
    reducers[row.name] = (value) => {
      if (!mayMatchARow(value) || !row.is(value)) return undefined;
      const reduced = row.reduce(value);
      if (reduced !== undefined || !async || !row.reduceAsync) return reduced;
      const pending = row.reduceAsync(value);
      if (pending) pendingReductions.add(pending);
      return pending;
    };
  }
  return reducers;
}

function createRevivers(rows: readonly CustomTypeRow[], global: typeof globalThis): Reducers {
  const revivers: Reducers = {};
  for (const row of rows) revivers[row.name] = (data) => row.revive(data, global);
  return revivers;
}

const DEFAULT_SYNC_REDUCERS = createReducers(CUSTOM_TYPES, false);
const DEFAULT_ASYNC_REDUCERS = createReducers(CUSTOM_TYPES, true);
const revivers = new WeakMap<object, Reducers>();

function rowsOf(options: SerializeOptions | undefined): readonly CustomTypeRow[] | undefined {
  return options?.types?.length ? [...options.types, ...CUSTOM_TYPES] : undefined;
}

/**
 * Serializes a value for the event log (devalue with the types table). Synchronous: a `Request`/`Response`
 * whose body is a stream not yet read cannot be serialized here; use `serializeAsync`, which buffers it.
 * Throws `SerializationError` naming the offending value's path (`args[0].user.callback is a function`).
 * @example serialize([123, new Date(0)], "workflow-arguments")
 */
export function serialize(value: unknown, boundary: Boundary, options?: SerializeOptions): string {
  const rows = rowsOf(options);
  try {
    return stringify(value, rows ? createReducers(rows, false) : DEFAULT_SYNC_REDUCERS, SYNC_OPERATIONS);
  } catch (error) {
    throw toSerializationError(error, boundary);
  }
}

/**
 * Like `serialize`, but first reads the bodies of `Request`/`Response` values (from a clone, so the
 * caller's object stays readable) so they can be stored. Costs nothing extra when there are none.
 * @example await serializeAsync(await fetch(url), "step-return-value")
 */
export async function serializeAsync(value: unknown, boundary: Boundary, options?: SerializeOptions): Promise<string> {
  const rows = rowsOf(options);
  try {
    return await stringifyAsync(value, rows ? createReducers(rows, true) : DEFAULT_ASYNC_REDUCERS, ASYNC_OPERATIONS);
  } catch (error) {
    throw toSerializationError(error, boundary);
  }
}

/**
 * Reads a value written by `serialize`, reviving it in `options.global`'s realm (default: this one).
 * Throws `DeserializationError` for corrupt data and `StepNotFoundError` for an unknown step reference.
 * @example deserialize(event.input, "workflow-arguments", { global: sandbox })
 */
export function deserialize(text: string, boundary: Boundary, options?: DeserializeOptions): unknown {
  const global = options?.global ?? globalThis;
  const rows = rowsOf(options);
  let reviverTable: Reducers | undefined = rows ? createRevivers(rows, global) : revivers.get(global);
  if (!reviverTable) {
    reviverTable = createRevivers(CUSTOM_TYPES, global);
    revivers.set(global, reviverTable);
  }
  const operations = realmOperations(global);
  try {
    return parse(text, reviverTable, operations ? { operations } : undefined);
  } catch (error) {
    if (WorkflowError.is(error)) throw error;
    throw new DeserializationError(BOUNDARIES[boundary].subject, error);
  }
}

function toSerializationError(error: unknown, boundary: Boundary): WorkflowError {
  if (WorkflowError.is(error)) return error;
  const { subject, root } = BOUNDARIES[boundary];
  const failure = error as { name?: unknown; path?: unknown; value?: unknown; message?: unknown };
  if (failure?.name === "DevalueError" && typeof failure.path === "string") {
    return new SerializationError({
      subject,
      path: root + failure.path,
      reason: describeUnserializable(failure.value, String(failure.message)),
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SerializationError({ subject, path: root, reason: `could not be serialized: ${reason}`, cause: error });
}
