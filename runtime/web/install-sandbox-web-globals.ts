import { getSandboxStreams } from "../streams/sandbox-streams.ts";
import { createSandboxWebClasses, type SandboxBodyReader } from "./create-sandbox-web-classes.ts";
import { readBodyLocally } from "./read-body-locally.ts";

/**
 * Installs the workflow realm's web classes on its global: `Request` and `Response` (bodies in memory), and
 * the `ReadableStream`/`WritableStream`/`TransformStream` stubs whose instances are stream handles.
 * Each is built on first access (most workflows never touch them, and building them is most of what a new
 * sandbox would otherwise cost); building reads no clock and no randomness, so when it happens is invisible.
 * @example installSandboxWebGlobals(sandbox.global) // once, when the sandbox is created
 */
export function installSandboxWebGlobals(realm: typeof globalThis, options: { readBody?: SandboxBodyReader } = {}): void {
  let web: ReturnType<typeof createSandboxWebClasses> | undefined;
  const webClasses = () => (web ??= createSandboxWebClasses(realm, { readBody: options.readBody ?? readBodyLocally(realm) }));
  defineLazyGlobal(realm, "Request", () => webClasses().Request);
  defineLazyGlobal(realm, "Response", () => webClasses().Response);
  // `getSandboxStreams` caches per realm: the classes here are the ones revived handles are instances of.
  defineLazyGlobal(realm, "ReadableStream", () => getSandboxStreams(realm).ReadableStream);
  defineLazyGlobal(realm, "WritableStream", () => getSandboxStreams(realm).WritableStream);
  defineLazyGlobal(realm, "TransformStream", () => getSandboxStreams(realm).TransformStream);
}

/**
 * A global that behaves like a writable, configurable, non-enumerable data property: the first read builds
 * the value and turns the accessor into that data property; an assignment before any read just stores it.
 * (Only `Object.getOwnPropertyDescriptor` before the first read can tell it from a data property.)
 */
function defineLazyGlobal(realm: typeof globalThis, name: string, build: () => unknown): void {
  const settle = (value: unknown) => {
    Object.defineProperty(realm, name, { value, writable: true, configurable: true, enumerable: false });
    return value;
  };
  Object.defineProperty(realm, name, {
    get: () => settle(build()),
    set: settle,
    configurable: true,
    enumerable: false,
  });
}
