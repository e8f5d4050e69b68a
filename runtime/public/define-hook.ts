import { NotInWorkflowError } from "../errors/context-errors.ts";
import { currentWorkflowContext } from "./current-context.ts";
import { HOOK_SCHEMA } from "./hook-schema-key.ts";
import { currentHostApi } from "./host-api.ts";
import type { Hook, HookOptions } from "./workflow-context.ts";

/** A Standard Schema (zod, valibot, arktype, ...) used to validate payloads in `resume`. */
interface StandardSchema<T> {
  "~standard": {
    validate(value: unknown): { value?: T; issues?: readonly unknown[] } | Promise<{ value?: T; issues?: readonly unknown[] }>;
  };
}

/** A typed hook definition: `create()` inside workflows, `resume()` from API routes. */
export interface HookDefinition<TInput, TOutput> {
  create(options?: HookOptions): Hook<TOutput>;
  resume(token: string, payload: TInput): Promise<{ runId: string; token: string; hookId: string }>;
}

/**
 * Defines a hook type once for both sides: the workflow calls `create()`, server code calls `resume()`,
 * which validates the payload with `schema` when one is given.
 * @example const approval = defineHook<{ ok: boolean }>(); // workflow: await approval.create({ token })
 */
export function defineHook<TInput = unknown, TOutput = TInput>(
  options: { schema?: StandardSchema<TOutput> } = {},
): HookDefinition<TInput, TOutput> {
  return {
    create(hookOptions) {
      const context = currentWorkflowContext();
      if (!context) {
        throw new NotInWorkflowError("defineHook().create");
      }
      // The schema travels with the options so that payloads from the devtools panel are validated too.
      const withSchema = options.schema ? ({ ...hookOptions, [HOOK_SCHEMA]: options.schema } as HookOptions) : hookOptions;
      return context.createHook<TOutput>(withSchema);
    },
    async resume(token, payload) {
      if (currentWorkflowContext()) {
        throw new Error("`defineHook().resume()` can only be called from external contexts (e.g. API routes).");
      }
      let value: unknown = payload;
      if (options.schema) {
        const result = await options.schema["~standard"].validate(payload);
        if (result.issues) throw new Error(JSON.stringify(result.issues, null, 2));
        value = result.value;
      }
      const host = currentHostApi();
      if (!host) throw new Error("`defineHook().resume()` needs the workflow runtime: import it from server code that runs workflows.");
      return host.resumeHook(token, value);
    },
  };
}
