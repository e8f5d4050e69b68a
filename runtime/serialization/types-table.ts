import { StepNotFoundError } from "../errors/lookup-errors.ts";
import { USE_STEP } from "../globals.ts";
import { getStepFunction } from "../registry/register-step-function.ts";
import { buildError, isErrorLike } from "./recorded-error.ts";

/**
 * Every type that may cross a boundary, in one table. Two kinds of rows:
 * - `builtin`: devalue encodes the type itself (keeping cycles and shared references); revival in a
 *   sandbox realm goes through `realmOperations`. Listed here so the table is the whole story.
 * - `custom`: our `reduce`/`revive` pair, registered with devalue under `name`. `name` is written into the
 *   event log: it is stable once shipped.
 * Every check is realm-agnostic (tags, not `instanceof`): values come from the host and from the sandbox.
 */
export type TypeRow = BuiltinTypeRow | CustomTypeRow;

/** A type devalue serializes natively. */
export interface BuiltinTypeRow {
  kind: "builtin";
  name: string;
  is(value: unknown): boolean;
}

/** A type serialized by our own reducer/reviver pair. */
export interface CustomTypeRow<T = any, D = any> {
  kind: "custom";
  /** devalue tag stored in the log; stable once shipped. */
  name: string;
  /**
   * Cheap, realm-agnostic check; test `typeof` first. Only functions and objects that are neither arrays
   * nor plain objects of the host realm are offered (sandbox-realm plain objects are offered too).
   */
  is(value: unknown): value is T;
  /**
   * Turns the value into serializable data (it is serialized in turn, so it may hold other table types).
   * Must return a truthy value (devalue skips falsy results), or `undefined` when the value cannot be
   * serialized synchronously, which makes `serialize` fail with the value's path.
   */
  reduce(value: T): D | undefined;
  /** Used by `serializeAsync` when `reduce` returned undefined, e.g. to buffer a body. */
  reduceAsync?(value: T): Promise<D> | undefined;
  /** Rebuilds the value in `global`'s realm (`globalThis` on the host, the sandbox's global in the VM). */
  revive(data: D, global: typeof globalThis): T;
}

/**
 * Body bytes a Request/Response can carry for synchronous serialization: the sandbox's own Request and
 * Response classes, whose bodies are always in memory, expose them under this key (`Uint8Array` or null).
 */
export const BODY_BYTES: unique symbol = Symbol.for("vite-workflow.bodyBytes") as never;

const tagOf = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);
const isObjectTagged = (value: unknown, tag: string): boolean =>
  typeof value === "object" && value !== null && tagOf(value) === tag;
const builtin = (name: string, is: (value: unknown) => boolean): BuiltinTypeRow => ({ kind: "builtin", name, is });

const VIEW_TAGS = [
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "DataView",
] as const;

/** Statuses whose responses must not have a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type HttpMessage = { body: unknown; bodyUsed: boolean; headers: unknown; [BODY_BYTES]?: Uint8Array | ArrayBuffer | null };

/** Synchronous body bytes: null for no body, undefined when the body is a stream not yet read. */
function bufferedBody(message: HttpMessage): Uint8Array | null | undefined {
  const buffered = message[BODY_BYTES];
  if (buffered !== undefined) return buffered === null ? null : new Uint8Array(buffered);
  if (message.body === null || message.body === undefined) return null;
  return undefined;
}

async function readBody(message: HttpMessage & { clone(): { arrayBuffer(): Promise<ArrayBuffer> } }) {
  // Read a clone so the caller's object stays readable.
  return new Uint8Array(await message.clone().arrayBuffer());
}

interface RequestData {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | null;
  redirect?: string;
}
interface ResponseData {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array | null;
  url: string;
  redirected: boolean;
  type: string;
}
interface ErrorData {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
  cause?: unknown;
  retryAfter?: Date;
}

const toRequestData = (request: Request, body: Uint8Array | null): RequestData => ({
  method: request.method,
  url: request.url,
  headers: request.headers,
  body,
  ...(request.redirect && request.redirect !== "follow" ? { redirect: request.redirect } : {}),
});
const toResponseData = (response: Response, body: Uint8Array | null): ResponseData => ({
  status: response.status,
  statusText: response.statusText,
  headers: response.headers,
  body,
  url: response.url,
  redirected: response.redirected,
  type: response.type,
});

/** A property the Response constructor cannot set (url, redirected, type), shadowed on the instance. */
function shadow(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, configurable: true });
}

/** The table. Custom rows are tried in this order, before devalue's own handling. */
export const TYPES_TABLE: readonly TypeRow[] = [
  builtin("undefined", (value) => value === undefined),
  builtin("bigint", (value) => typeof value === "bigint"),
  builtin("Date", (value) => isObjectTagged(value, "Date")),
  builtin("RegExp", (value) => isObjectTagged(value, "RegExp")),
  builtin("Map", (value) => isObjectTagged(value, "Map")),
  builtin("Set", (value) => isObjectTagged(value, "Set")),
  builtin("URL", (value) => isObjectTagged(value, "URL")),
  builtin("URLSearchParams", (value) => isObjectTagged(value, "URLSearchParams")),
  builtin("ArrayBuffer", (value) => isObjectTagged(value, "ArrayBuffer")),
  ...VIEW_TAGS.map((tag) => builtin(tag, (value) => isObjectTagged(value, tag))),
  {
    kind: "custom",
    name: "StepFunction",
    is: (value): value is { stepId: string } =>
      typeof value === "function" && typeof (value as { stepId?: unknown }).stepId === "string",
    reduce: (fn) => ({ stepId: fn.stepId }),
    revive: ({ stepId }: { stepId: string }, global) => {
      if (global !== globalThis) {
        // Inside the sandbox a step reference is the same proxy the transform emits for a step call.
        const useStep = (global as unknown as Record<symbol, ((id: string) => unknown) | undefined>)[USE_STEP];
        if (typeof useStep === "function") return useStep(stepId) as { stepId: string };
      }
      // On the host it is the registered function itself: a step calling it runs the body inline, in its own
      // step context (same stepId and attempt), not as another durable step.
      const fn = getStepFunction(stepId);
      if (!fn) throw new StepNotFoundError(stepId);
      return fn as unknown as { stepId: string };
    },
  } satisfies CustomTypeRow<{ stepId: string }, { stepId: string }>,
  {
    kind: "custom",
    name: "Error",
    is: (value): value is Error => isErrorLike(value),
    reduce: (error): ErrorData => {
      const data: ErrorData = { name: String(error.name), message: String(error.message) };
      if (typeof error.stack === "string") data.stack = error.stack;
      const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
      if (typeof code === "string" || typeof code === "number") data.code = code;
      if (isObjectTagged(retryAfter, "Date")) data.retryAfter = retryAfter as Date;
      // A self-referencing cause cannot be revived (devalue rejects cycles through custom types).
      if ("cause" in error && error.cause !== error) data.cause = error.cause;
      return data;
    },
    revive: (data: ErrorData, global) => {
      const error = buildError(data, "cause" in data ? { value: data.cause } : undefined, global);
      if (data.retryAfter) shadow(error, "retryAfter", data.retryAfter);
      return error;
    },
  } satisfies CustomTypeRow<Error, ErrorData>,
  {
    kind: "custom",
    name: "Headers",
    is: (value): value is Headers => isObjectTagged(value, "Headers"),
    reduce: (headers) => [...headers],
    revive: (entries: [string, string][], global) => new (global.Headers ?? Headers)(entries),
  } satisfies CustomTypeRow<Headers, [string, string][]>,
  {
    kind: "custom",
    name: "Request",
    is: (value): value is Request => isObjectTagged(value, "Request"),
    reduce: (request) => {
      const body = bufferedBody(request as unknown as HttpMessage);
      return body === undefined ? undefined : toRequestData(request, body);
    },
    reduceAsync: (request) =>
      request.bodyUsed ? undefined : readBody(request as never).then((body) => toRequestData(request, body)),
    revive: (data: RequestData, global) => {
      const RealmRequest = global.Request ?? Request;
      return new RealmRequest(data.url, {
        method: data.method,
        headers: data.headers,
        body: data.body as BodyInit | null,
        ...(data.redirect ? { redirect: data.redirect as RequestRedirect } : {}),
      });
    },
  } satisfies CustomTypeRow<Request, RequestData>,
  {
    kind: "custom",
    name: "Response",
    is: (value): value is Response => isObjectTagged(value, "Response"),
    reduce: (response) => {
      const body = bufferedBody(response as unknown as HttpMessage);
      return body === undefined ? undefined : toResponseData(response, body);
    },
    reduceAsync: (response) =>
      response.bodyUsed ? undefined : readBody(response as never).then((body) => toResponseData(response, body)),
    revive: (data: ResponseData, global) => {
      const RealmResponse = global.Response ?? Response;
      if (data.status === 0) return RealmResponse.error();
      const status = Math.min(Math.max(data.status, 200), 599);
      const response = new RealmResponse(NULL_BODY_STATUSES.has(status) ? null : (data.body as BodyInit | null), {
        status,
        statusText: data.statusText,
        headers: data.headers,
      });
      if (data.url) shadow(response, "url", data.url);
      if (data.redirected) shadow(response, "redirected", true);
      if (data.type && data.type !== response.type) shadow(response, "type", data.type);
      return response;
    },
  } satisfies CustomTypeRow<Response, ResponseData>,
];

/** The rows with our own reducer/reviver pair, in table order. */
export const CUSTOM_TYPES: readonly CustomTypeRow[] = TYPES_TABLE.filter(
  (row): row is CustomTypeRow => row.kind === "custom",
);
