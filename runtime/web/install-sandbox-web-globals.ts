import { getSandboxStreams } from "../streams/sandbox-streams.ts";
import { createSandboxWebClasses, type SandboxBodyReader } from "./create-sandbox-web-classes.ts";
import { readBodyLocally } from "./read-body-locally.ts";

/**
 * Installs the workflow realm's web classes on its global: `Request` and `Response` (bodies in memory), and
 * the `ReadableStream`/`WritableStream`/`TransformStream` stubs whose instances are stream handles.
 * @example installSandboxWebGlobals(sandbox.global) // once, when the sandbox is created
 */
export function installSandboxWebGlobals(realm: typeof globalThis, options: { readBody?: SandboxBodyReader } = {}): void {
  const { Request, Response } = createSandboxWebClasses(realm, { readBody: options.readBody ?? readBodyLocally(realm) });
  const streams = getSandboxStreams(realm);
  const globals: Record<string, unknown> = {
    Request,
    Response,
    ReadableStream: streams.ReadableStream,
    WritableStream: streams.WritableStream,
    TransformStream: streams.TransformStream,
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(realm, name, { value, writable: true, configurable: true, enumerable: false });
  }
}
