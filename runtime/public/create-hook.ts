import { NotInWorkflowError } from "../errors/context-errors.ts";
import { currentWorkflowContext } from "./current-context.ts";
import type { Hook, HookOptions } from "./workflow-context.ts";

/**
 * Creates a hook that external code resumes with `resumeHook(token, payload)`; await it for one payload
 * or iterate it with `for await` for many.
 * @example const hook = createHook<{ approved: boolean }>(); const { approved } = await hook;
 */
export function createHook<T = unknown>(options?: HookOptions): Hook<T> {
  const context = currentWorkflowContext();
  if (!context) {
    throw new NotInWorkflowError("createHook");
  }
  return context.createHook<T>(options);
}
