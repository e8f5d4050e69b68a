import { STEP_CONTEXT, WORKFLOW_CONTEXT } from "../globals.ts";
import { WorkflowError } from "../errors/workflow-error.ts";
import type { StepContext, WorkflowContext } from "./workflow-context.ts";

/** The running workflow's context inside the sandbox; undefined anywhere else. */
export function currentWorkflowContext(): WorkflowContext | undefined {
  return (globalThis as { [WORKFLOW_CONTEXT]?: WorkflowContext })[WORKFLOW_CONTEXT];
}

/** The running step's context in the host; undefined outside a step. */
export function currentStepContext(): StepContext | undefined {
  return (globalThis as { [STEP_CONTEXT]?: () => StepContext | undefined })[STEP_CONTEXT]?.();
}

/** The error for APIs that work in workflows and steps alike, with the documented text. */
export function notInWorkflowOrStepError(apiName: string): WorkflowError {
  return new WorkflowError("ERR_NOT_IN_WORKFLOW", `\`${apiName}()\` can only be called inside a workflow or step function`);
}
