import { DOCUMENTED_ERRORS } from "./codes.ts";
import { describeValue, WorkflowError } from "./workflow-error.ts";

/**
 * `start()` was given something that is not a workflow function (no `workflowId`: the function lacks the
 * "use workflow" directive, or the plugin did not transform its file).
 * @example if (typeof fn?.workflowId !== "string") throw new StartInvalidWorkflowFunctionError(fn);
 */
export class StartInvalidWorkflowFunctionError extends WorkflowError {
  constructor(received?: unknown) {
    const entry = DOCUMENTED_ERRORS["start-invalid-workflow-function"];
    const detail = arguments.length > 0 ? `\n\nReceived: ${describeValue(received)}` : "";
    super(entry.code, entry.message() + detail);
    this.name = "StartInvalidWorkflowFunctionError";
  }
}

/** Workflow code imported or used a Node.js built-in module (thrown at build time or in the sandbox). */
export class NodeJsModuleInWorkflowError extends WorkflowError {
  readonly moduleName: string;

  constructor(moduleName: string) {
    const entry = DOCUMENTED_ERRORS["node-js-module-in-workflow"];
    super(entry.code, entry.message(moduleName));
    this.name = "NodeJsModuleInWorkflowError";
    this.moduleName = moduleName;
  }
}

/** Workflow code called the global `fetch` (the sandbox has none; `fetch` from "workflow" is a step). */
export class FetchInWorkflowError extends WorkflowError {
  constructor() {
    const entry = DOCUMENTED_ERRORS["fetch-in-workflow"];
    super(entry.code, entry.message());
    this.name = "FetchInWorkflowError";
  }
}

/** `createWebhook({ respondWith })` got something other than `"manual"`, a `Response` or `undefined`. */
export class WebhookInvalidRespondWithValueError extends WorkflowError {
  constructor(value: unknown) {
    const entry = DOCUMENTED_ERRORS["webhook-invalid-respond-with-value"];
    super(entry.code, entry.message(describeValue(value)));
    this.name = "WebhookInvalidRespondWithValueError";
  }
}

/** A `respondWith: "manual"` webhook's request was never answered with `request.respondWith()`. */
export class WebhookResponseNotSentError extends WorkflowError {
  constructor() {
    const entry = DOCUMENTED_ERRORS["webhook-response-not-sent"];
    super(entry.code, entry.message());
    this.name = "WebhookResponseNotSentError";
  }
}
