import { TransformError } from "../transform/diagnostics.ts";

/**
 * Turns a failure of the workflow bundle build into the error the build fails with. A TransformError (a
 * Node.js built-in imported by workflow code, an invalid directive) keeps its `code`, `id`, `loc` and
 * `frame`, and gets the location and the code frame in its message too: the bundle is built before the
 * bundler runs, where Vite and Nitro print only the message and the stack.
 */
export function toBuildError(error: unknown): Error {
  if (!TransformError.is(error)) return error instanceof Error ? error : new Error(String(error));
  const { file, line, column } = error.loc;
  const failure = new Error(`${error.message}\n\n${file}:${line}:${column}\n${error.frame}`, { cause: error });
  failure.name = "WorkflowBuildError";
  return Object.assign(failure, { code: error.code, id: error.id, loc: error.loc, frame: error.frame, plugin: "workflow:nitro" });
}
