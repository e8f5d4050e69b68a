import { CORRELATION_ID_RE, RUN_ID_RE } from "../events/ids.ts";
import { DevtoolsApiError } from "./devtools-api-error.ts";

/** `workflow//<path>//<name>`: printable characters only (no whitespace), no `..` path segment. */
export const WORKFLOW_ID_RE = /^workflow\/\/(?!.*(?:^|\/)\.\.(?:\/|$))[\x21-\x7e\u00a0-\uffff]{1,500}$/;
/** Hook tokens may be user-chosen (`createHook({ token })`): printable ASCII without spaces. */
export const HOOK_TOKEN_RE = /^[\x21-\x7e]{1,512}$/;
/** Stream names: URL-safe characters plus `:` and `/`, never a `..` segment. */
export const STREAM_NAME_RE = /^(?!.*(?:^|[/:])\.\.(?:[/:]|$))[0-9A-Za-z_.~:/-]{1,300}$/;

/** Validates one request-supplied identifier; throws a 400 naming what was wrong. */
export function assertId(kind: "run id" | "step id" | "wait id" | "workflow id" | "hook token" | "stream name", value: string | undefined): string {
  const re = {
    "run id": RUN_ID_RE,
    "step id": CORRELATION_ID_RE,
    "wait id": CORRELATION_ID_RE,
    "workflow id": WORKFLOW_ID_RE,
    "hook token": HOOK_TOKEN_RE,
    "stream name": STREAM_NAME_RE,
  }[kind];
  if (typeof value !== "string" || !re.test(value)) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_INVALID_ID", `Invalid ${kind}: ${JSON.stringify(String(value).slice(0, 80))}.`);
  }
  if (kind === "step id" && !value.startsWith("step_")) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_INVALID_ID", `Invalid step id: ${JSON.stringify(value)} (expected step_…).`);
  }
  if (kind === "wait id" && !value.startsWith("wait_")) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_INVALID_ID", `Invalid wait id: ${JSON.stringify(value)} (expected wait_…).`);
  }
  return value;
}
