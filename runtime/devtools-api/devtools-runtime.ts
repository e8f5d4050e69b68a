/**
 * What the devtools API asks of the engine. Every method is optional: an action whose method is missing
 * answers 501 with a message naming it, so the panel degrades instead of breaking.
 */
export interface DevtoolsRuntime {
  /** Starts a run of a known workflow with JSON arguments; resolves once the run is recorded. */
  start?(workflowId: string, args: unknown[]): Promise<{ runId: string }>;
  /** Cancels a run that has not finished. */
  cancel?(runId: string): Promise<void>;
  /** Alternative to `cancel`: the public `getRun(runId).cancel()`. */
  getRun?(runId: string): { cancel(): Promise<void> };
  /** Starts a new run of the same workflow with the same recorded input. */
  rerun?(runId: string): Promise<{ runId: string }>;
  /**
   * Starts a new run with the same input that reuses the recorded results of every step, sleep and hook
   * that completed before `stepId` was created, and executes from that step on.
   */
  rerunFrom?(runId: string, stepId: string): Promise<{ runId: string }>;
  /** Completes a pending sleep now (appends `wait_completed` and resumes the run). */
  wake?(runId: string, waitId: string): Promise<void>;
  /** Delivers a payload to the hook that owns `token` (the public `resumeHook`). */
  resumeHook?(token: string, payload: unknown): Promise<unknown>;
  /** Ids of the workflows the current build knows (`workflow//<path>//<name>`). */
  listWorkflows?(): string[] | Promise<string[]>;
  /** Names of the streams a run wrote to (default stream and namespaces). */
  listStreams?(runId: string): string[] | Promise<string[]>;
}
