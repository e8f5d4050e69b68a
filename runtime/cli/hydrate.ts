import { parse } from "devalue";

/**
 * Reading stored payloads for display. The log holds devalue text written with the serialization types table;
 * the CLI revives it with display revivers (one per stable type name of that table, plus the stream rows), so
 * nothing is executed or looked up: a step reference stays `{ "$type": "StepFunction", stepId }`, a stream
 * stays its stored name, a Request keeps its body as text. Then every value is made JSON-safe, so the human
 * view and `--json` print the very same object.
 *
 * JSON-safe forms: Date → ISO string; undefined → omitted (null in arrays); everything else JSON cannot
 * carry → `{ "$type": <type>, ... }` (BigInt, Map, Set, RegExp, URL, URLSearchParams, Uint8Array and the
 * other binary views, Error, Headers, Request, Response, ReadableStream, WritableStream, StepFunction,
 * NaN/±Infinity as `{ "$type": "Number", value: "NaN" }`, a reference cycle as `{ "$type": "Circular" }`).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Receives one line per problem met while reading (printed to stderr, prefixed `warning:`). */
export type Warn = (message: string) => void;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function bodyOf(body: unknown): Record<string, Json> {
  if (body === null || body === undefined) return { body: null };
  const bytes = ArrayBuffer.isView(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : undefined;
  if (!bytes) return { body: toJsonSafe(body) };
  try {
    return { body: utf8.decode(bytes) };
  } catch {
    return { bodyBase64: Buffer.from(bytes).toString("base64") };
  }
}

const tagged = (type: string, fields: Record<string, unknown>): Record<string, unknown> => ({ $type: type, ...fields });

/** One reviver per type name the serialization table (and the stream rows) write into the log. */
const DISPLAY_REVIVERS: Record<string, (data: any) => unknown> = {
  StepFunction: (data: { stepId?: unknown }) => tagged("StepFunction", { stepId: data?.stepId }),
  Error: (data: Record<string, unknown>) => tagged("Error", { ...data }),
  Headers: (entries: unknown) => tagged("Headers", { entries }),
  Request: (data: Record<string, unknown>) =>
    tagged("Request", { method: data.method, url: data.url, headers: data.headers, redirect: data.redirect, ...bodyOf(data.body) }),
  Response: (data: Record<string, unknown>) =>
    tagged("Response", {
      status: data.status,
      statusText: data.statusText,
      url: data.url,
      headers: data.headers,
      redirected: data.redirected,
      ...bodyOf(data.body),
    }),
  ReadableStream: (data: Record<string, unknown>) =>
    "bytes" in (data ?? {}) ? tagged("ReadableStream", bodyOf(data.bytes)) : tagged("ReadableStream", { name: data?.name, startIndex: data?.startIndex }),
  WritableStream: (data: Record<string, unknown>) => tagged("WritableStream", { name: data?.name }),
};

/**
 * Decodes one stored payload into its JSON-safe display form. A payload that cannot be decoded (corrupt,
 * or written by an incompatible version) is reported through `warn` and shown as
 * `{ "$type": "Undecodable", text, error }`, never thrown.
 * @example hydrate(event.input, "input of run wrun_…", warn) // ["a@b.c", "2025-01-01T00:00:00.000Z"]
 */
export function hydrate(stored: unknown, label: string, warn: Warn): Json | undefined {
  if (stored === undefined) return undefined;
  if (typeof stored !== "string") return toJsonSafe(stored);
  try {
    return toJsonSafe(parse(stored, DISPLAY_REVIVERS));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warn(`could not decode the ${label} (${reason}); showing the stored text`);
    return { $type: "Undecodable", text: stored, error: reason };
  }
}

const tagOf = (value: object) => Object.prototype.toString.call(value).slice(8, -1);

/** Converts a revived value into plain JSON (see the module comment for the forms). */
export function toJsonSafe(value: unknown, ancestors: object[] = []): Json {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : { $type: "Number", value: String(value) };
    case "bigint":
      return { $type: "BigInt", value: value.toString() };
    case "undefined":
      return null;
    case "function":
      return { $type: "Function", name: (value as { name?: string }).name ?? "" };
    case "symbol":
      return { $type: "Symbol", description: value.description ?? "" };
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return { $type: "Circular" };
  const inner = [...ancestors, object];
  const nested = (v: unknown) => toJsonSafe(v, inner);
  const tag = tagOf(object);
  if (tag === "Date") {
    const time = (object as Date).getTime();
    return Number.isNaN(time) ? { $type: "Date", value: "Invalid Date" } : (object as Date).toISOString();
  }
  if (tag === "Map") return { $type: "Map", entries: [...(object as Map<unknown, unknown>)].map(([k, v]) => [nested(k), nested(v)]) };
  if (tag === "Set") return { $type: "Set", values: [...(object as Set<unknown>)].map(nested) };
  if (tag === "RegExp") return { $type: "RegExp", source: (object as RegExp).source, flags: (object as RegExp).flags };
  if (tag === "URL") return { $type: "URL", href: (object as URL).href };
  if (tag === "URLSearchParams") return { $type: "URLSearchParams", value: String(object) };
  if (tag === "ArrayBuffer") return { $type: "ArrayBuffer", base64: Buffer.from(object as ArrayBuffer).toString("base64") };
  if (ArrayBuffer.isView(object)) {
    const view = object as ArrayBufferView;
    return { $type: tag, base64: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64") };
  }
  if (tag === "Number" || tag === "String" || tag === "Boolean" || tag === "BigInt") return nested((object as { valueOf(): unknown }).valueOf());
  if (object instanceof Error) {
    return { $type: "Error", name: object.name, message: object.message, stack: object.stack ?? null, ...("cause" in object ? { cause: nested(object.cause) } : {}) };
  }
  if (Array.isArray(object)) return Array.from(object, (item) => nested(item));
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(object)) if (item !== undefined) out[key] = nested(item);
  return out;
}
