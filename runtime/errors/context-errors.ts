import { WorkflowError } from "./workflow-error.ts";

/**
 * A workflow-only API (`sleep`, `createHook`, `getWorkflowMetadata`, ...) was called outside a workflow.
 * @example throw new NotInWorkflowError("sleep");
 */
export class NotInWorkflowError extends WorkflowError {
  constructor(apiName: string) {
    super(
      "ERR_NOT_IN_WORKFLOW",
      `\`${apiName}()\` can only be called inside a workflow function. Call it from a function with the "use workflow" directive.`,
    );
    this.name = "NotInWorkflowError";
  }
}

/** A step-only API (`getStepMetadata`) was called outside a step. */
export class NotInStepError extends WorkflowError {
  constructor(apiName: string) {
    super(
      "ERR_NOT_IN_STEP",
      `\`${apiName}()\` can only be called inside a step function. Call it from a function with the "use step" directive.`,
    );
    this.name = "NotInStepError";
  }
}

/**
 * Workflow code used a host API the deterministic sandbox does not provide (`setTimeout`, `process`,
 * `require`, ...). `instead` says what to use.
 * @example throw new SandboxApiUnavailableError("setTimeout", 'use `sleep()` from "workflow"');
 */
export class SandboxApiUnavailableError extends WorkflowError {
  readonly api: string;

  constructor(api: string, instead: string) {
    super(
      "ERR_SANDBOX_API_UNAVAILABLE",
      `\`${api}\` is unavailable in workflow functions, which must be deterministic to be replayed: ${instead}.`,
    );
    this.name = "SandboxApiUnavailableError";
    this.api = api;
  }
}
