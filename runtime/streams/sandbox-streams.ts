import { WorkflowError } from "../errors/workflow-error.ts";
import type { ReadableStreamData, WritableStreamData } from "./host-stream-types.ts";

type Realm = typeof globalThis;
type StubClass = abstract new () => object;

/** What a stream handle inside a workflow carries: the stored stream (or in-memory body bytes) it stands for. */
export type StreamHandleData = ({ kind: "readable" } & ReadableStreamData) | ({ kind: "writable" } & WritableStreamData);

/** The stream classes of one workflow realm and the way to make handles that belong to it. */
export interface SandboxStreams {
  /** Install as the realm's `ReadableStream`: `instanceof` works on handles, `new` explains what to do. */
  ReadableStream: StubClass;
  WritableStream: StubClass;
  TransformStream: StubClass;
  /** A `ReadableStream` handle standing for a stored stream or for body bytes. */
  createReadableHandle(data: ReadableStreamData): ReadableStream;
  /** A `WritableStream` handle standing for a stored stream (what `getWritable()` returns in a workflow). */
  createWritableHandle(name: string): WritableStream;
}

const handles = new WeakMap<object, StreamHandleData>();
const realms = new WeakMap<object, SandboxStreams>();

const PASS_TO_STEP = 'pass it to a step function ("use step") and use it there: streams carry data outside the event log, so workflow code cannot read or write them';

function notInWorkflow(what: string): WorkflowError {
  return new WorkflowError("ERR_SANDBOX_API_UNAVAILABLE", `${what} cannot be used in a workflow function: ${PASS_TO_STEP}.`);
}

const READABLE_METHODS = ["getReader", "pipeTo", "pipeThrough", "tee", "cancel", "values", Symbol.asyncIterator] as const;
const WRITABLE_METHODS = ["getWriter", "close", "abort"] as const;

/** The data of a handle made by `SandboxStreams`, or undefined for anything else. */
export function streamHandleData(value: unknown): StreamHandleData | undefined {
  return typeof value === "object" && value !== null ? handles.get(value) : undefined;
}

/**
 * The stream classes of a workflow realm (created once per realm). Workflow code only ever holds opaque
 * handles: they carry a stream's name to steps, and every method throws an error saying to use a step.
 * @example const streams = getSandboxStreams(sandbox.global); sandbox.global.ReadableStream = streams.ReadableStream;
 */
export function getSandboxStreams(realm: Realm): SandboxStreams {
  let streams = realms.get(realm);
  if (!streams) {
    streams = createSandboxStreams(realm);
    realms.set(realm, streams);
  }
  return streams;
}

function createSandboxStreams(realm: Realm): SandboxStreams {
  const ReadableStream = stubClass(realm, "ReadableStream", READABLE_METHODS);
  const WritableStream = stubClass(realm, "WritableStream", WRITABLE_METHODS);
  const TransformStream = stubClass(realm, "TransformStream", []);
  for (const key of ["readable", "writable"]) {
    Object.defineProperty(TransformStream.prototype, key, {
      get: () => {
        throw notInWorkflow(`TransformStream.${key}`);
      },
      configurable: true,
    });
  }
  return {
    ReadableStream,
    WritableStream,
    TransformStream,
    createReadableHandle: (data) => handle(ReadableStream, { kind: "readable", ...data }),
    createWritableHandle: (name) => handle(WritableStream, { kind: "writable", name }),
  };
}

function handle<T>(Class: StubClass, data: StreamHandleData): T {
  const value = Object.create(Class.prototype) as object;
  handles.set(value, data);
  return value as T;
}

/** A class whose prototype chain is the realm's, so handles are ordinary objects of the workflow realm. */
function stubClass(realm: Realm, name: string, methods: ReadonlyArray<string | symbol>): StubClass {
  const Class = function () {
    throw new WorkflowError(
      "ERR_SANDBOX_API_UNAVAILABLE",
      `${name} cannot be created in a workflow function: create and use streams in step functions ("use step"), and use getWritable() for the run's output stream.`,
    );
  } as unknown as StubClass;
  Object.defineProperty(Class, "name", { value: name });
  const prototype = Object.create(realm.Object.prototype) as Record<PropertyKey, unknown>;
  Object.defineProperty(Class, "prototype", { value: prototype });
  Object.defineProperty(prototype, "constructor", { value: Class, writable: true, configurable: true });
  Object.defineProperty(prototype, Symbol.toStringTag, { value: name, configurable: true });
  Object.defineProperty(prototype, "locked", { get: () => false, configurable: true });
  for (const method of methods) {
    const label = typeof method === "symbol" ? `${name}[Symbol.asyncIterator]()` : `${name}.${method}()`;
    Object.defineProperty(prototype, method, {
      value: function unavailableStreamMethod() {
        throw notInWorkflow(label);
      },
      writable: true,
      configurable: true,
    });
  }
  return Class;
}
