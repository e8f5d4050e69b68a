import { WorkflowError } from "./workflow-error.ts";

/**
 * A step id has no registered function in this process (its module was not loaded, or the step was renamed
 * or moved, which changes its id, while a run was in flight).
 * @example throw new StepNotFoundError("step//workflows/user.ts//createUser");
 */
export class StepNotFoundError extends WorkflowError {
  readonly stepId: string;

  constructor(stepId: string) {
    super(
      "ERR_STEP_NOT_FOUND",
      `Step function "${stepId}" not found. Make sure the step function is registered: its file must be part of ` +
        `the build (inside the plugin's \`dirs\` or imported from there) and keep the name and path it had when the run started.`,
    );
    this.name = "StepNotFoundError";
    this.stepId = stepId;
  }
}

/** A workflow id has no function in the current workflow bundle. */
export class WorkflowNotFoundError extends WorkflowError {
  readonly workflowId: string;

  constructor(workflowId: string) {
    super(
      "ERR_WORKFLOW_NOT_FOUND",
      `Workflow "${workflowId}" not found in the workflow bundle. Its file must be part of the build (inside the ` +
        `plugin's \`dirs\` or imported from there) and keep the name and path it had when the run started.`,
    );
    this.name = "WorkflowNotFoundError";
    this.workflowId = workflowId;
  }
}

/** `resumeHook`/`resumeWebhook` was given a token no live hook owns. */
export class HookNotFoundError extends WorkflowError {
  readonly token: string;

  constructor(token: string) {
    super(
      "ERR_HOOK_NOT_FOUND",
      `No active hook with token "${token}". The hook was never created, was disposed, or its run has finished.`,
    );
    this.name = "HookNotFoundError";
    this.token = token;
  }
}

/** `createHook({ token })` asked for a token another live hook already owns. */
export class HookTokenConflictError extends WorkflowError {
  readonly token: string;

  constructor(token: string, ownerRunId?: string) {
    const owner = ownerRunId ? ` by run "${ownerRunId}"` : "";
    super(
      "ERR_HOOK_TOKEN_CONFLICT",
      `Hook token "${token}" is already in use${owner}. Tokens are unique among live hooks: derive custom tokens ` +
        `from something unique to the run, or omit \`token\` to get a random one.`,
    );
    this.name = "HookTokenConflictError";
    this.token = token;
  }
}
