import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { FatalError } from "../errors/fatal-error.ts";
import { RetryableError } from "../errors/retryable-error.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import { WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import { USE_STEP } from "../globals.ts";
import { registerStepFunction } from "../registry/register-step-function.ts";
import { BOUNDARIES, type Boundary, deserialize, serialize, serializeAsync } from "./serialize.ts";
import { BODY_BYTES, TYPES_TABLE } from "./types-table.ts";

const ALL_BOUNDARIES = Object.keys(BOUNDARIES) as Boundary[];
const HINT = "Ensure you're passing serializable types (plain objects, arrays, primitives, Date, RegExp, Map, Set).";

/** Turns values devalue-equality cannot compare (Error, Headers, URL, ...) into comparable shapes; keeps cycles. */
function comparable(value: unknown, seen = new Map<unknown, unknown>()): unknown {
  if (seen.has(value)) return seen.get(value);
  const recurse = (inner: unknown) => comparable(inner, seen);
  if (value instanceof Error) {
    return { error: value.name, message: value.message, stack: value.stack, cause: recurse(value.cause) };
  }
  if (value instanceof Headers) return { headers: [...value] };
  if (value instanceof URL || value instanceof URLSearchParams) return { [value.constructor.name]: String(value) };
  if (value instanceof Request) return { request: [value.method, value.url, [...value.headers]] };
  if (value instanceof Response) return { response: [value.status, value.statusText, value.url, [...value.headers]] };
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [recurse(k), recurse(v)]));
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    value.forEach((item, index) => (out[index] = recurse(item)));
    return out;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [key, inner] of Object.entries(value)) out[key] = recurse(inner);
    return out;
  }
  return value;
}

const withCause = new Error("outer", { cause: new TypeError("inner") });
const cyclic: { self?: unknown; list: unknown[] } = { list: [] };
cyclic.self = cyclic;
cyclic.list.push(cyclic);
const shared = { id: 1 };
const sparse: unknown[] = [];
sparse[5] = "x";

const ROWS: Array<{ name: string; value: unknown }> = [
  { name: "string", value: "hello \u2028 <script>" },
  { name: "numbers", value: [0, -0, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER] },
  { name: "booleans and null", value: [true, false, null] },
  { name: "undefined", value: undefined },
  { name: "undefined in object and array", value: { a: undefined, b: [undefined] } },
  { name: "bigint", value: 12345678901234567890n },
  { name: "Date", value: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)) },
  { name: "invalid Date", value: new Date(Number.NaN) },
  { name: "RegExp", value: /a+b?\//giu },
  { name: "Map", value: new Map<unknown, unknown>([["a", 1], [{ k: 1 }, new Set([1])]]) },
  { name: "Set", value: new Set([1, "two", { three: 3 }]) },
  { name: "URL", value: new URL("https://example.com/a?b=c#d") },
  { name: "URLSearchParams", value: new URLSearchParams("a=1&b=2&a=3") },
  { name: "empty URLSearchParams", value: new URLSearchParams() },
  { name: "ArrayBuffer", value: new Uint8Array([1, 2, 3]).buffer },
  { name: "empty ArrayBuffer", value: new ArrayBuffer(0) },
  { name: "Int8Array", value: new Int8Array([-1, 2]) },
  { name: "Uint8Array", value: new Uint8Array([0, 255]) },
  { name: "Uint8ClampedArray", value: new Uint8ClampedArray([0, 255]) },
  { name: "Int16Array", value: new Int16Array([-300, 300]) },
  { name: "Uint16Array", value: new Uint16Array([65535]) },
  { name: "Int32Array", value: new Int32Array([-70000]) },
  { name: "Uint32Array", value: new Uint32Array([4294967295]) },
  { name: "Float32Array", value: new Float32Array([1.5]) },
  { name: "Float64Array", value: new Float64Array([Math.PI]) },
  { name: "BigInt64Array", value: new BigInt64Array([-(2n ** 63n)]) },
  { name: "BigUint64Array", value: new BigUint64Array([2n ** 64n - 1n]) },
  { name: "DataView", value: new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2) },
  { name: "typed array view of part of a buffer", value: new Uint16Array(new ArrayBuffer(8), 2, 2) },
  { name: "Error", value: new Error("boom") },
  { name: "TypeError with cause chain", value: withCause },
  { name: "Headers", value: new Headers({ "content-type": "text/plain", "x-a": "1" }) },
  { name: "Request without body", value: new Request("https://example.com/x", { headers: { a: "b" } }) },
  { name: "Response without body", value: new Response(null, { status: 204, statusText: "No Content" }) },
  { name: "nested plain data", value: { user: { name: "Ada", tags: ["a", "b"], meta: { at: new Date(0) } } } },
  { name: "null-prototype object", value: Object.assign(Object.create(null), { a: 1 }) },
  { name: "cycles", value: cyclic },
  { name: "shared references", value: [shared, shared] },
  { name: "sparse array", value: sparse },
];

describe("round trip: every row through every boundary", () => {
  for (const boundary of ALL_BOUNDARIES) {
    it.each(ROWS)(`${boundary}: $name`, ({ value }) => {
      const text = serialize(value, boundary);
      expect(typeof text).toBe("string");
      expect(comparable(deserialize(text, boundary))).toEqual(comparable(value));
    });
  }

  it("keeps cycles and shared references as references", () => {
    const revived = deserialize(serialize(cyclic, "step-arguments"), "step-arguments") as typeof cyclic;
    expect(revived.self).toBe(revived);
    expect(revived.list[0]).toBe(revived);
    const pair = deserialize(serialize([shared, shared], "step-arguments"), "step-arguments") as unknown[];
    expect(pair[0]).toBe(pair[1]);
  });

  it("keeps error identity: FatalError, RetryableError and runtime errors", () => {
    const fatal = deserialize(serialize(new FatalError("stop"), "step-return-value"), "step-return-value");
    expect(FatalError.is(fatal)).toBe(true);
    expect((fatal as FatalError).message).toBe("stop");
    const retryable = new RetryableError("later", { retryAfter: 5000 });
    const revivedRetryable = deserialize(serialize(retryable, "step-return-value"), "step-return-value") as RetryableError;
    expect(RetryableError.is(revivedRetryable)).toBe(true);
    expect(revivedRetryable.retryAfter.getTime()).toBe(retryable.retryAfter.getTime());
    const notFound = deserialize(serialize(new WorkflowRunNotFoundError("wrun_1"), "hook-payload"), "hook-payload");
    expect(WorkflowError.is(notFound)).toBe(true);
    expect((notFound as WorkflowError).code).toBe("ERR_RUN_NOT_FOUND");
    const typeError = deserialize(serialize(new TypeError("t"), "hook-payload"), "hook-payload");
    expect(typeError).toBeInstanceOf(TypeError);
  });

  it("revives Response status, url and body", async () => {
    const response = new Response("payload", { status: 201, headers: { "x-a": "1" } });
    Object.defineProperty(response, "url", { value: "https://example.com/r" });
    const text = await serializeAsync(response, "step-return-value");
    const revived = deserialize(text, "step-return-value") as Response;
    expect(revived.status).toBe(201);
    expect(revived.url).toBe("https://example.com/r");
    expect(revived.headers.get("x-a")).toBe("1");
    expect(await revived.text()).toBe("payload");
    // The caller's response was read through a clone and is still readable.
    expect(await response.text()).toBe("payload");
  });

  it("revives Request method, headers and body", async () => {
    const request = new Request("https://example.com/hook", { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    const revived = deserialize(await serializeAsync({ request }, "hook-payload"), "hook-payload") as { request: Request };
    expect(revived.request.method).toBe("POST");
    expect(revived.request.headers.get("content-type")).toBe("application/json");
    expect(await revived.request.json()).toEqual({ a: 1 });
  });

  it("serializes bodies a sandbox class exposes under BODY_BYTES synchronously", () => {
    class SandboxResponse {
      get [Symbol.toStringTag]() {
        return "Response";
      }
      status = 200;
      statusText = "OK";
      headers = new Headers();
      url = "";
      redirected = false;
      type = "default";
      body = {};
      bodyUsed = false;
      [BODY_BYTES] = new TextEncoder().encode("hi");
    }
    const revived = deserialize(serialize(new SandboxResponse(), "step-arguments"), "step-arguments") as Response;
    return expect(revived.text()).resolves.toBe("hi");
  });

  it("lists every documented type in the one table", () => {
    const names = TYPES_TABLE.map((row) => row.name);
    for (const name of ["undefined", "bigint", "Date", "RegExp", "Map", "Set", "URL", "URLSearchParams", "ArrayBuffer", "BigInt64Array", "DataView", "Headers", "Request", "Response", "Error", "StepFunction"]) {
      expect(names).toContain(name);
    }
  });
});

const add = async (a: number, b: number) => a + b;

describe("step function references", () => {
  registerStepFunction("step//serialize.test.ts//add", add);

  it("revive to the registered function on the host", () => {
    const revived = deserialize(serialize({ fn: add }, "step-arguments"), "step-arguments") as { fn: unknown };
    expect(revived.fn).toBe(add);
  });

  it("revive through WORKFLOW_USE_STEP inside the sandbox", () => {
    const context = vm.createContext({});
    const sandbox = vm.runInContext("globalThis", context) as typeof globalThis & Record<symbol, unknown>;
    sandbox[USE_STEP] = (stepId: string) => Object.assign(() => stepId, { stepId });
    const revived = deserialize(serialize([add], "step-return-value"), "step-return-value", { global: sandbox }) as Array<() => string>;
    expect(revived[0]()).toBe("step//serialize.test.ts//add");
  });

  it("fail clearly for an unknown step id", () => {
    const text = serialize(Object.assign(async () => {}, { stepId: "step//gone.ts//missing" }), "step-arguments");
    expect(() => deserialize(text, "step-arguments")).toThrow(/Step function "step\/\/gone.ts\/\/missing" not found/);
  });
});

describe("values revived into a node:vm realm", () => {
  const context = vm.createContext({});
  const sandbox = vm.runInContext("globalThis", context) as typeof globalThis;
  const inSandbox = (source: string) => vm.runInContext(source, context) as (value: unknown) => unknown;

  const VM_ROWS: Array<{ name: string; value: unknown; check: string }> = [
    { name: "object", value: { a: 1 }, check: "v => v instanceof Object && v.constructor === Object && v.a === 1" },
    { name: "array", value: [1, [2]], check: "v => Array.isArray(v) && v instanceof Array && v[1] instanceof Array" },
    { name: "Map", value: new Map([["k", { v: 1 }]]), check: "v => v instanceof Map && v.get('k') instanceof Object" },
    { name: "Set", value: new Set([1, 2]), check: "v => v instanceof Set && v.has(2)" },
    { name: "Date", value: new Date(5), check: "v => v instanceof Date && v.getTime() === 5" },
    { name: "RegExp", value: /x/g, check: "v => v instanceof RegExp && v.flags === 'g'" },
    { name: "Error", value: new FatalError("f"), check: "v => v instanceof Error && v.name === 'FatalError' && v.message === 'f'" },
    { name: "TypeError with cause", value: withCause, check: "v => v instanceof Error && v.cause instanceof TypeError" },
    { name: "Uint8Array", value: new Uint8Array([7]), check: "v => v instanceof Uint8Array && v.buffer instanceof ArrayBuffer && v[0] === 7" },
    { name: "ArrayBuffer", value: new ArrayBuffer(2), check: "v => v instanceof ArrayBuffer && v.byteLength === 2" },
    { name: "null-prototype object", value: Object.assign(Object.create(null), { a: 1 }), check: "v => Object.getPrototypeOf(v) === null && v.a === 1" },
    { name: "sparse array", value: sparse, check: "v => v instanceof Array && v.length === 6 && !(0 in v) && v[5] === 'x'" },
    { name: "boxed primitive", value: Object(1), check: "v => v instanceof Number && v.valueOf() === 1" },
  ];

  it.each(VM_ROWS)("$name is built with the sandbox's constructors", ({ value, check }) => {
    const revived = deserialize(serialize(value, "step-return-value"), "step-return-value", { global: sandbox });
    expect(inSandbox(check)(revived)).toBe(true);
  });

  it("serializes values created inside the sandbox", () => {
    const value = vm.runInContext(
      `({ map: new Map([[1, new Set(['a'])]]), date: new Date(7), bytes: new Uint16Array([9]), error: new RangeError('r'), list: [1, { x: undefined }] })`,
      context,
    );
    const revived = deserialize(serialize(value, "step-arguments"), "step-arguments") as Record<string, any>;
    expect(revived.map).toEqual(new Map([[1, new Set(["a"])]]));
    expect(revived.date).toEqual(new Date(7));
    expect(revived.bytes).toEqual(new Uint16Array([9]));
    expect(revived.error).toBeInstanceOf(RangeError);
    expect(revived.list).toEqual([1, { x: undefined }]);
  });

  it("reports a function inside a sandbox value with its path", () => {
    const value = vm.runInContext(`[{ user: { callback() {} } }]`, context);
    expect(() => serialize(value, "step-arguments")).toThrow("args[0].user.callback is a function.");
  });
});

describe("values that cannot be serialized", () => {
  class User {
    constructor(public name: string) {}
  }
  const CASES: Array<{ name: string; value: unknown; boundary: Boundary; message: string }> = [
    { name: "a function", value: [{ user: { callback: () => {} } }], boundary: "workflow-arguments", message: "args[0].user.callback is a function." },
    { name: "a class instance", value: [new User("Ada")], boundary: "step-arguments", message: "args[0] is an instance of class User; pass a plain object instead" },
    { name: "a symbol", value: { s: Symbol("x") }, boundary: "workflow-return-value", message: "returnValue.s is a symbol." },
    { name: "a Promise", value: { p: Promise.resolve(1) }, boundary: "step-return-value", message: "returnValue.p is a Promise; await it and pass its result." },
    { name: "a WeakMap", value: new WeakMap(), boundary: "hook-payload", message: "payload is a WeakMap, which cannot be serialized." },
    { name: "a Map value", value: new Map([["k", () => {}]]), boundary: "stream-chunk", message: 'chunk.get("k") is a function.' },
    { name: "a quoted key", value: { "a-b": [() => {}] }, boundary: "step-return-value", message: 'returnValue["a-b"][0] is a function.' },
    { name: "symbol keys", value: { [Symbol("k")]: 1 }, boundary: "step-return-value", message: "returnValue has symbol keys" },
  ];

  it.each(CASES)("$name names its path", ({ value, boundary, message }) => {
    let thrown: unknown;
    try {
      serialize(value, boundary);
    } catch (error) {
      thrown = error;
    }
    expect(WorkflowError.is(thrown)).toBe(true);
    const error = thrown as WorkflowError & { path?: string };
    expect(error.code).toBe("ERR_SERIALIZATION_FAILED");
    expect(error.message.startsWith(`Failed to serialize ${BOUNDARIES[boundary].subject}. ${HINT}`)).toBe(true);
    expect(error.message).toContain(`\n\n${message}`);
    expect(error.message).toContain("Learn more: https://github.com/vite-workflow/vite-workflow#serialization-failed");
  });

  it.each([
    { boundary: "workflow-arguments", start: "Failed to serialize workflow arguments." },
    { boundary: "workflow-return-value", start: "Failed to serialize workflow return value." },
    { boundary: "step-arguments", start: "Failed to serialize step arguments." },
    { boundary: "step-return-value", start: "Failed to serialize step return value." },
  ] as const)("uses the documented message for $boundary", ({ boundary, start }) => {
    expect(() => serialize(() => {}, boundary)).toThrow(`${start} ${HINT}`);
  });

  it("a Response with an unread body needs serializeAsync; a used one fails in both", async () => {
    const response = new Response("x");
    expect(() => serialize([response], "step-return-value")).toThrow("returnValue[0] is a Response whose body is an unread stream");
    await response.text();
    await expect(serializeAsync([response], "step-return-value")).rejects.toThrow("returnValue[0] is a Response whose body was already read");
  });

  it("serializeAsync still rejects user promises with their path", async () => {
    await expect(serializeAsync({ p: Promise.resolve(1) }, "step-return-value")).rejects.toThrow("returnValue.p is a Promise");
  });

  it("corrupt stored data fails with ERR_DESERIALIZATION_FAILED", () => {
    expect(() => deserialize("{not json", "step-return-value")).toThrow(/^Failed to deserialize step return value: /);
    expect(() => deserialize('[["NoSuchType",1],0]', "step-arguments")).toThrow(
      expect.objectContaining({ code: "ERR_DESERIALIZATION_FAILED" }),
    );
  });
});

describe("extension point: extra types", () => {
  class Handle {
    constructor(public id: string) {}
  }
  const types = [
    {
      kind: "custom" as const,
      name: "Handle",
      is: (value: unknown): value is Handle => value instanceof Handle,
      reduce: (handle: Handle) => ({ id: handle.id }),
      revive: (data: { id: string }) => new Handle(data.id),
    },
  ];

  it("round-trips a type given through options", () => {
    const text = serialize({ h: new Handle("s1") }, "step-arguments", { types });
    expect(deserialize(text, "step-arguments", { types })).toEqual({ h: new Handle("s1") });
  });
});
