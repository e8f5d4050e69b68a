import { currentStepContext, currentWorkflowContext, notInWorkflowOrStepError } from "./current-context.ts";
import type { WorkflowMetadata } from "./workflow-context.ts";

/**
 * Returns the current run's id, start time and base URL, in a workflow or in one of its steps.
 * @example console.log(getWorkflowMetadata().workflowRunId);
 */
export function getWorkflowMetadata(): WorkflowMetadata {
  const workflow = currentWorkflowContext();
  if (workflow) return workflow.getWorkflowMetadata();
  const step = currentStepContext();
  if (step) return { ...step.workflowMetadata };
  throw notInWorkflowOrStepError("getWorkflowMetadata");
}
