import { relative, sep } from "node:path";
import { WorkflowError } from "../../runtime/errors/workflow-error.ts";

/** Code of the error `start()` rejects with while the dev server cannot build the workflows. */
export const BUILD_FAILED_CODE = "ERR_WORKFLOW_BUILD_FAILED";

/** What a build error may carry (Vite, Rollup and the transform's `TransformError` all use these fields). */
interface BuildErrorLike {
  message?: unknown;
  code?: unknown;
  id?: unknown;
  loc?: { file?: unknown; line?: unknown; column?: unknown };
  frame?: unknown;
}

/**
 * Wraps the reason the dev server's workflows do not build (a workflow or step file that does not compile,
 * say) into the `ERR_WORKFLOW_BUILD_FAILED` error `start()` rejects with: it names the file and the
 * position, gives the original message and code, and says that fixing the file is enough.
 * @example throw toBuildFailedError(error, root);
 */
export function toBuildFailedError(error: unknown, root: string): WorkflowError {
  if ((error as { code?: unknown })?.code === BUILD_FAILED_CODE) return error as WorkflowError;
  const cause = (typeof error === "object" && error !== null ? error : { message: String(error) }) as BuildErrorLike;
  const file = typeof cause.loc?.file === "string" ? cause.loc.file : typeof cause.id === "string" ? cause.id : undefined;
  const line = typeof cause.loc?.line === "number" ? cause.loc.line : undefined;
  const column = typeof cause.loc?.column === "number" ? cause.loc.column : undefined;
  const where = file ? ` in ${toDisplayPath(file, root)}${line === undefined ? "" : `:${line}:${(column ?? 0) + 1}`}` : "";
  // The first paragraph: a transform error's own "Learn more" link would otherwise sit in the middle.
  const reason = String(cause.message ?? error).split("\n\n")[0].trim();
  const code = typeof cause.code === "string" ? ` [${cause.code}]` : "";
  const frame = typeof cause.frame === "string" && cause.frame ? `\n\n${cause.frame}` : "";
  return new WorkflowError(
    BUILD_FAILED_CODE,
    `No workflow run can start: the dev server could not build the workflows${where}: ${reason}${code}.${frame}\n\n` +
      "Fix the file and save it; runs start again as soon as it builds, without restarting the dev server.",
    { cause: error },
  );
}

function toDisplayPath(file: string, root: string): string {
  const path = relative(root, file.split("?")[0]);
  return path && !path.startsWith("..") ? path.split(sep).join("/") : file;
}
