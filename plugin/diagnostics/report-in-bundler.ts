import type { UnpluginBuildContext, UnpluginContext } from "unplugin";
import type { SourceLocation } from "../transform/diagnostics.ts";

/** A build error that knows where it happened: a TransformError, or a workflow bundle build error. */
export interface LocatedError extends Error {
  code?: string;
  loc: SourceLocation;
  frame: string;
}

/** The part of webpack's module and error classes used here (typed locally: webpack is optional). */
interface WebpackModuleLike {
  resource?: string;
  addError(error: Error): void;
}
type WebpackErrorClass = new (message: string) => Error & { loc?: unknown; module?: unknown; file?: string; hideStack?: boolean };

export function isLocatedError(error: unknown): error is LocatedError {
  const loc = (error as { loc?: Partial<SourceLocation> } | undefined)?.loc;
  return error instanceof Error && typeof loc?.file === "string" && typeof loc.line === "number" && typeof (error as LocatedError).frame === "string";
}

/**
 * Reports an error in the shape the running bundler shows with its location:
 * - esbuild: a message with `location` (file, line, column); the code frame goes in its text, since
 *   esbuild renders only the location's own line;
 * - webpack: a `WebpackError` on the module with `loc`, so `ERROR in ./file line:column` precedes it;
 * - Rollup, Vite and the others: the error itself, whose `loc`, `frame` and `id` they print natively.
 * Returns normally only when the error was recorded (the build then fails); otherwise throws it.
 */
export function reportInBundler(framework: string, context: UnpluginBuildContext & UnpluginContext, error: unknown): void {
  if (!isLocatedError(error)) throw error;
  if (framework === "esbuild") {
    context.error({ message: `${error.message}\n\n${error.frame}`, id: error.loc.file, plugin: "vite-workflow", loc: error.loc });
    return;
  }
  const native = context.getNativeBuildContext?.();
  if (framework === "webpack" && native?.framework === "webpack") {
    const { compiler, compilation } = native as unknown as {
      compiler: { webpack: { WebpackError: WebpackErrorClass } };
      compilation?: { modules: Iterable<WebpackModuleLike> };
    };
    // The module being built is already in the compilation; its error then carries the module and `loc`.
    const module = compilation && [...compilation.modules].find((candidate) => candidate.resource === error.loc.file);
    if (!module) throw error;
    const reported = new compiler.webpack.WebpackError(`${error.message}\n\n${error.frame}`);
    reported.name = error.name;
    reported.hideStack = true;
    reported.module = module;
    reported.loc = { start: { line: error.loc.line, column: error.loc.column } };
    Object.assign(reported, { code: error.code });
    module.addError(reported);
    return;
  }
  throw error;
}
