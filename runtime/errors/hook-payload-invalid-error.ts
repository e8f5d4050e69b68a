import { WorkflowError } from "./workflow-error.ts";

/** A hook payload its `defineHook()` schema rejected; `issues` are the schema's own, as it reported them. */
export class HookPayloadInvalidError extends WorkflowError {
  readonly token: string;
  readonly issues: readonly unknown[];

  constructor(token: string, issues: readonly unknown[]) {
    super("ERR_HOOK_PAYLOAD_INVALID", `The payload does not match the schema of hook "${token}": ${describeIssues(issues)}. Fix the payload and resume again.`);
    this.name = "HookPayloadInvalidError";
    this.token = token;
    this.issues = issues;
  }
}

/** The schema's issues as one line: their messages, with the path when an issue has one. */
function describeIssues(issues: readonly unknown[]): string {
  const parts = issues.map((issue) => {
    const { message, path } = (issue ?? {}) as { message?: unknown; path?: ReadonlyArray<unknown> };
    const where = Array.isArray(path) && path.length > 0 ? `${path.map((key) => String((key as { key?: unknown })?.key ?? key)).join(".")}: ` : "";
    return `${where}${typeof message === "string" ? message : JSON.stringify(issue)}`;
  });
  return parts.length > 0 ? parts.join("; ") : "the schema reported issues";
}
