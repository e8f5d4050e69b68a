import { docsUrl } from "./docs-url.ts";

/**
 * Every error code the runtime throws, with the README anchor that explains it. The six errors the Workflow
 * DevKit documents keep their documented slug as anchor; the others use the lowercase code.
 * Codes are stable once shipped: add new ones, never rename.
 */
export const ERROR_CODES = {
  ERR_NODE_JS_MODULE_IN_WORKFLOW: "node-js-module-in-workflow",
  ERR_FETCH_IN_WORKFLOW: "fetch-in-workflow",
  ERR_SERIALIZATION_FAILED: "serialization-failed",
  ERR_START_INVALID_WORKFLOW_FUNCTION: "start-invalid-workflow-function",
  ERR_WEBHOOK_INVALID_RESPOND_WITH_VALUE: "webhook-invalid-respond-with-value",
  ERR_WEBHOOK_RESPONSE_NOT_SENT: "webhook-response-not-sent",
  ERR_DESERIALIZATION_FAILED: "err_deserialization_failed",
  ERR_REPLAY_DIVERGENCE: "err_replay_divergence",
  ERR_RUN_NOT_FOUND: "err_run_not_found",
  ERR_RUN_FAILED: "err_run_failed",
  ERR_RUN_CANCELLED: "err_run_cancelled",
  ERR_RUN_NOT_COMPLETED: "err_run_not_completed",
  ERR_WORKFLOW_NOT_FOUND: "err_workflow_not_found",
  ERR_STEP_NOT_FOUND: "err_step_not_found",
  ERR_STEP_RETRIES_EXHAUSTED: "err_step_retries_exhausted",
  ERR_STEP_ATTEMPT_INTERRUPTED: "err_step_attempt_interrupted",
  ERR_INVALID_DURATION: "err_invalid_duration",
  ERR_NOT_IN_WORKFLOW: "err_not_in_workflow",
  ERR_NOT_IN_STEP: "err_not_in_step",
  ERR_SANDBOX_API_UNAVAILABLE: "err_sandbox_api_unavailable",
  ERR_HOOK_TOKEN_CONFLICT: "err_hook_token_conflict",
  ERR_HOOK_PAYLOAD_INVALID: "err_hook_payload_invalid",
  ERR_HOOK_NOT_FOUND: "err_hook_not_found",
  ERR_WORLD_INVALID_INPUT: "err_world_invalid_input",
  ERR_CORRUPT_LOG: "err_corrupt_log",
  ERR_WORLD_UNKNOWN_TARGET: "err_world_unknown_target",
  ERR_POSTGRES_UNREACHABLE: "err_postgres_unreachable",
  ERR_POSTGRES_SCHEMA_TOO_NEW: "err_postgres_schema_too_new",
  ERR_POSTGRES_UNAVAILABLE: "err_postgres_unavailable",
  ERR_RUNTIME_NOT_CONFIGURED: "err_runtime_not_configured",
  ERR_HTTP_INVALID_JSON: "err_http_invalid_json",
  ERR_HTTP_INVALID_BODY: "err_http_invalid_body",
  ERR_HTTP_BODY_TOO_LARGE: "err_http_body_too_large",
  ERR_INTERNAL: "err_internal",
  ERR_WAIT_NOT_FOUND: "err_wait_not_found",
  ERR_DELIVERY_SIGNATURE_INVALID: "err_delivery_signature_invalid",
  ERR_DELIVERY_REPLAYED: "err_delivery_replayed",
  ERR_WORKFLOW_BUILD_FAILED: "err_workflow_build_failed",
  ERR_DEV_SERVER_CLOSED: "err_dev_server_closed",
  ERR_WORKFLOW_SECRET_MISSING: "err_workflow_secret_missing",
} as const;

/** One of the runtime's stable error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is one of the runtime's own codes (not, say, a Node.js `ERR_*` code). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

/**
 * The README link for a code.
 * @example docsForCode("ERR_RUN_NOT_FOUND") // "https://github.com/vite-workflow/vite-workflow#err_run_not_found"
 */
export function docsForCode(code: ErrorCode): string {
  return docsUrl(ERROR_CODES[code]);
}

/** The "Ensure you're passing…" sentence every serialization-failed message ends its first line with. */
const SERIALIZABLE_HINT =
  "Ensure you're passing serializable types (plain objects, arrays, primitives, Date, RegExp, Map, Set).";

/**
 * The six errors the Workflow DevKit documents, by slug: their code and their message, kept verbatim.
 * Our `Learn more` link (the README section) is appended by `WorkflowError`, as the reference does.
 */
export const DOCUMENTED_ERRORS = {
  "node-js-module-in-workflow": {
    code: "ERR_NODE_JS_MODULE_IN_WORKFLOW",
    message: (moduleName: string) =>
      `Cannot use Node.js module "${moduleName}" in workflow functions. Move this module to a step function.`,
  },
  "fetch-in-workflow": {
    code: "ERR_FETCH_IN_WORKFLOW",
    message: () =>
      `Global "fetch" is unavailable in workflow functions. Use the "fetch" step function from "workflow" to make HTTP requests.`,
  },
  "serialization-failed": {
    code: "ERR_SERIALIZATION_FAILED",
    /** `subject` is e.g. "workflow arguments", "workflow return value", "step arguments", "step return value". */
    message: (subject: string) => `Failed to serialize ${subject}. ${SERIALIZABLE_HINT}`,
  },
  "start-invalid-workflow-function": {
    code: "ERR_START_INVALID_WORKFLOW_FUNCTION",
    message: () =>
      `'start' received an invalid workflow function. Ensure the Workflow DevKit is configured correctly and the function includes a 'use workflow' directive.`,
  },
  "webhook-invalid-respond-with-value": {
    code: "ERR_WEBHOOK_INVALID_RESPOND_WITH_VALUE",
    message: (value: string) => `Invalid \`respondWith\` value: ${value}`,
  },
  "webhook-response-not-sent": {
    code: "ERR_WEBHOOK_RESPONSE_NOT_SENT",
    message: () => `Workflow run did not send a response`,
  },
} as const satisfies Record<string, { code: ErrorCode; message: (...args: never[]) => string }>;

/** A documented error's slug. */
export type DocumentedErrorSlug = keyof typeof DOCUMENTED_ERRORS;
