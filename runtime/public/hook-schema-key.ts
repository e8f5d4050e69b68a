/**
 * The key under which `defineHook().create()` passes its schema to the run's `createHook`, so the host can
 * validate payloads the devtools panel delivers. `Symbol.for` is shared by the sandbox and the host realm.
 */
export const HOOK_SCHEMA: unique symbol = Symbol.for("vite-workflow.hookSchema") as never;
