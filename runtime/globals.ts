/**
 * Global symbols shared by code the plugin emits, the workflow sandbox and the host runtime.
 * They are `Symbol.for` keys so every copy of this package (and every VM realm) agrees on them.
 *
 * - `USE_STEP` (VM global): `(stepId: string) => (...args) => Promise<unknown>`; the workflow-mode transform
 *   turns each step function into `globalThis[Symbol.for("WORKFLOW_USE_STEP")](stepId)`.
 * - `REGISTER_WORKFLOW` (VM global): `(workflowId: string, fn: Function) => void`; the workflow-mode transform
 *   calls it once per workflow function when the bundle is evaluated.
 * - `WORKFLOW_CONTEXT` (VM global): the running workflow's primitives (`sleep`, `createHook`, ...) that the
 *   public `workflow` module delegates to. Absent outside a workflow, which is how that module knows.
 * - `STEP_CONTEXT` (host global): `() => StepContext | undefined`, backed by AsyncLocalStorage in the host;
 *   absent or returning undefined outside a step.
 * - `STEP_REGISTRY` (host global): `Map<stepId, Function>` filled by `registerStepFunction`.
 */
export const USE_STEP: unique symbol = Symbol.for("WORKFLOW_USE_STEP") as never;
export const REGISTER_WORKFLOW: unique symbol = Symbol.for("vite-workflow.registerWorkflow") as never;
export const WORKFLOW_CONTEXT: unique symbol = Symbol.for("vite-workflow.workflowContext") as never;
export const STEP_CONTEXT: unique symbol = Symbol.for("vite-workflow.stepContext") as never;
export const STEP_REGISTRY: unique symbol = Symbol.for("vite-workflow.stepRegistry") as never;
