import { BODY_BYTES } from "../serialization/types-table.ts";
import { getSandboxStreams } from "../streams/sandbox-streams.ts";
import { extractBody } from "./extract-body.ts";

/** The body readers of `Request`/`Response`. */
export type BodyKind = "json" | "text" | "arrayBuffer" | "bytes" | "formData";

/** Reads a sandbox message's body: the engine decides how (a durable builtin step, or `readBodyLocally`). */
export type SandboxBodyReader = (kind: BodyKind, message: object) => Promise<unknown>;

/** Options of `createSandboxWebClasses`. */
export interface SandboxWebOptions {
  /** Called by `json()`, `text()`, `arrayBuffer()`, `bytes()` and `formData()` (once per message). */
  readBody: SandboxBodyReader;
}

type Realm = typeof globalThis;
type HeadersInput = ConstructorParameters<typeof Headers>[0];

interface MessageState {
  headers: Headers;
  body: Uint8Array | null;
  bodyUsed: boolean;
}
interface RequestState extends MessageState {
  method: string;
  url: string;
  redirect: string;
}
interface ResponseState extends MessageState {
  status: number;
  statusText: string;
  type: string;
  url: string;
  redirected: boolean;
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REASON_RE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Request defaults the Fetch standard gives a request built in a document-less context. */
const REQUEST_DEFAULTS = {
  mode: "cors",
  credentials: "same-origin",
  cache: "default",
  referrer: "about:client",
  referrerPolicy: "",
  integrity: "",
  keepalive: false,
  destination: "",
  duplex: "half",
  isHistoryNavigation: false,
  isReloadNavigation: false,
} as const;

/**
 * The `Request` and `Response` classes of one workflow realm: pure Fetch-standard objects whose bodies are
 * always bytes in memory (exposed under `BODY_BYTES` so serialization carries them), with the body readers
 * delegated to `readBody` and `respondWith()` refused (webhook responses are sent from steps).
 * Instances belong to the realm (their prototypes chain to its `Object.prototype`; errors, promises and
 * buffers they hand out are the realm's).
 * @example Object.assign(sandbox.global, createSandboxWebClasses(sandbox.global, { readBody }))
 */
export function createSandboxWebClasses(realm: Realm, options: SandboxWebOptions): { Request: typeof Request; Response: typeof Response } {
  const RealmHeaders = (realm.Headers ?? Headers) as typeof Headers;
  const requests = new WeakMap<object, RequestState>();
  const responses = new WeakMap<object, ResponseState>();
  const streams = getSandboxStreams(realm);

  const typeError = (message: string) => new realm.TypeError(message);
  const parseUrl = (input: unknown): string => {
    try {
      return new URL(String(input)).href;
    } catch {
      throw typeError(`Failed to parse URL from ${String(input)}`);
    }
  };
  const stateOf = (self: object): MessageState => {
    const state = requests.get(self) ?? responses.get(self);
    if (!state) throw typeError("Illegal invocation");
    return state;
  };
  const withContentType = (init: HeadersInput | undefined, contentType: string | undefined): Headers => {
    const headers = new RealmHeaders(init);
    if (contentType && !headers.has("content-type")) headers.set("content-type", contentType);
    return headers;
  };

  function consume(self: object, kind: BodyKind): Promise<unknown> {
    let state: MessageState;
    try {
      state = stateOf(self);
      if (state.bodyUsed) throw typeError("Body is unusable: Body has already been read");
    } catch (error) {
      return realm.Promise.reject(error);
    }
    if (state.body !== null) state.bodyUsed = true;
    return options.readBody(kind, self);
  }

  const bodyMethods = {
    json(this: object) {
      return consume(this, "json");
    },
    text(this: object) {
      return consume(this, "text");
    },
    arrayBuffer(this: object) {
      return consume(this, "arrayBuffer");
    },
    bytes(this: object) {
      return consume(this, "bytes");
    },
    formData(this: object) {
      return consume(this, "formData");
    },
    blob(this: object) {
      return realm.Promise.reject(typeError("blob() cannot be used in a workflow function: use arrayBuffer() or bytes(), or read the body in a step function."));
    },
  };
  const bodyGetters = {
    body(this: object) {
      const { body } = stateOf(this);
      return body === null ? null : streams.createReadableHandle({ bytes: body });
    },
    bodyUsed(this: object) {
      return stateOf(this).bodyUsed;
    },
    headers(this: object) {
      return stateOf(this).headers;
    },
  };

  class SandboxRequest {
    constructor(input: unknown, init: Record<string, unknown> = {}) {
      const source = typeof input === "object" && input !== null ? requests.get(input) : undefined;
      const url = source ? source.url : parseUrl(input);
      let method = init.method === undefined ? (source?.method ?? "GET") : String(init.method);
      if (!TOKEN_RE.test(method)) throw typeError(`'${method}' is not a valid HTTP method.`);
      if (NORMALIZED_METHODS.has(method.toUpperCase())) method = method.toUpperCase();
      if (FORBIDDEN_METHODS.has(method.toUpperCase())) throw typeError(`'${method}' HTTP method is unsupported.`);
      const extracted = init.body === undefined ? undefined : extractBody(init.body, realm);
      const body = extracted ? extracted.bytes : (source?.body ?? null);
      if (body !== null && (method === "GET" || method === "HEAD")) throw typeError("Request with GET/HEAD method cannot have body.");
      if (source?.bodyUsed && init.body === undefined && body !== null) throw typeError("Cannot construct a Request with a Request object that has already been used.");
      const redirect = init.redirect === undefined ? (source?.redirect ?? "follow") : String(init.redirect);
      if (!["follow", "error", "manual"].includes(redirect)) throw typeError(`'${redirect}' is not a valid redirect mode.`);
      requests.set(this, {
        method,
        url,
        redirect,
        body,
        bodyUsed: false,
        headers: withContentType((init.headers ?? source?.headers) as HeadersInput, extracted?.contentType),
      });
    }

    get method() {
      return requests.get(this)!.method;
    }
    get url() {
      return requests.get(this)!.url;
    }
    get redirect() {
      return requests.get(this)!.redirect;
    }
    get signal() {
      return null;
    }
    get [BODY_BYTES](): Uint8Array | null {
      return requests.get(this)!.body;
    }
    clone() {
      const state = requests.get(this)!;
      if (state.bodyUsed) throw typeError("Request.clone: Body has already been consumed.");
      return new SandboxRequest(this);
    }
    respondWith(): never {
      throw new realm.Error("`respondWith()` must be called from within a step function");
    }
  }

  class SandboxResponse {
    constructor(body: unknown = null, init: Record<string, unknown> = {}) {
      const status = init.status === undefined ? 200 : Number(init.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new realm.RangeError(`Response constructor: status ${String(init.status)} is outside the range [200, 599].`);
      }
      const statusText = init.statusText === undefined ? "" : String(init.statusText);
      if (!REASON_RE.test(statusText)) throw typeError(`Response constructor: invalid statusText ${JSON.stringify(statusText)}.`);
      const extracted = extractBody(body, realm);
      if (extracted.bytes !== null && NULL_BODY_STATUSES.has(status)) {
        throw typeError(`Response constructor: Invalid response status code ${status}`);
      }
      responses.set(this, {
        status,
        statusText,
        type: "default",
        url: "",
        redirected: false,
        body: extracted.bytes,
        bodyUsed: false,
        headers: withContentType(init.headers as HeadersInput, extracted.contentType),
      });
    }

    static json(data: unknown, init: Record<string, unknown> = {}) {
      const text = JSON.stringify(data);
      if (text === undefined) throw typeError("Response.json: the data is not JSON serializable.");
      const headers = new RealmHeaders(init.headers as HeadersInput);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      return new SandboxResponse(text, { ...init, headers });
    }
    static redirect(url: unknown, status: number = 302) {
      const location = parseUrl(url);
      if (!REDIRECT_STATUSES.includes(status)) {
        throw new realm.RangeError(`Invalid redirect status code: ${status}. Must be one of: ${REDIRECT_STATUSES.join(", ")}`);
      }
      return new SandboxResponse(null, { status, headers: { location } });
    }
    static error() {
      const response = new SandboxResponse(null);
      Object.assign(responses.get(response)!, { status: 0, type: "error" });
      return response;
    }

    get status() {
      return responses.get(this)!.status;
    }
    get ok() {
      const { status } = responses.get(this)!;
      return status >= 200 && status <= 299;
    }
    get statusText() {
      return responses.get(this)!.statusText;
    }
    get type() {
      return responses.get(this)!.type;
    }
    get url() {
      return responses.get(this)!.url;
    }
    get redirected() {
      return responses.get(this)!.redirected;
    }
    get [BODY_BYTES](): Uint8Array | null {
      return responses.get(this)!.body;
    }
    clone() {
      const state = responses.get(this)!;
      if (state.bodyUsed) throw typeError("Response.clone: Body has already been consumed.");
      const copy = new SandboxResponse(null);
      responses.set(copy, { ...state, headers: new RealmHeaders(state.headers) });
      // A revived response shadows url/redirected/type on the instance; the copy keeps them.
      for (const key of ["url", "redirected", "type"]) {
        const own = Object.getOwnPropertyDescriptor(this, key);
        if (own) Object.defineProperty(copy, key, own);
      }
      return copy;
    }
  }

  for (const Class of [SandboxRequest, SandboxResponse]) {
    const name = Class === SandboxRequest ? "Request" : "Response";
    Object.setPrototypeOf(Class.prototype, realm.Object.prototype);
    Object.defineProperty(Class, "name", { value: name });
    Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: name, configurable: true });
    for (const [key, method] of Object.entries(bodyMethods)) {
      Object.defineProperty(Class.prototype, key, { value: method, writable: true, configurable: true });
    }
    for (const [key, getter] of Object.entries(bodyGetters)) {
      Object.defineProperty(Class.prototype, key, { get: getter, configurable: true });
    }
    for (const [key, value] of Object.entries(Class === SandboxRequest ? REQUEST_DEFAULTS : {})) {
      Object.defineProperty(Class.prototype, key, { get: () => value, configurable: true });
    }
  }
  return { Request: SandboxRequest as unknown as typeof Request, Response: SandboxResponse as unknown as typeof Response };
}
