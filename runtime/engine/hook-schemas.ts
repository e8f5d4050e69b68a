/**
 * The payload schemas of `defineHook({ schema })` hooks, by token, as their runs created them in this
 * process: the devtools panel resumes a hook through the same validation as `defineHook().resume()`.
 * The schema lives in the sandbox realm; it is handed over under `HOOK_SCHEMA` in the hook's options.
 */

/** A Standard Schema as `defineHook` accepts it (zod, valibot, arktype, a hand-written one). */
export interface HookPayloadSchema {
  "~standard": {
    validate(value: unknown): { value?: unknown; issues?: readonly unknown[] } | Promise<{ value?: unknown; issues?: readonly unknown[] }>;
  };
}

/** What checking a payload gives: the (possibly transformed) value, or the schema's issues. */
export type HookPayloadCheck = { ok: true; value: unknown } | { ok: false; issues: readonly unknown[] };

// Bounded so a long dev session with many hooks keeps a steady footprint; the oldest entries go first.
const MAX_SCHEMAS = 10_000;
const schemas = new Map<string, HookPayloadSchema>();

/** Remembers the schema of the hook that owns `token`; a value that is not a Standard Schema is ignored. */
export function rememberHookSchema(token: string, schema: unknown): void {
  if (!isHookPayloadSchema(schema)) return;
  schemas.delete(token);
  schemas.set(token, schema);
  if (schemas.size > MAX_SCHEMAS) schemas.delete(schemas.keys().next().value as string);
}

/**
 * Checks `payload` against the schema of the hook that owns `token`, as `defineHook().resume()` does; a hook
 * without a known schema accepts the payload as is.
 * @example const check = await checkHookPayload(token, payload); if (!check.ok) return badRequest(check.issues);
 */
export async function checkHookPayload(token: string, payload: unknown): Promise<HookPayloadCheck> {
  const schema = schemas.get(token);
  if (!schema) return { ok: true, value: payload };
  const result = await schema["~standard"].validate(payload);
  if (result.issues) return { ok: false, issues: result.issues };
  return { ok: true, value: result.value };
}

function isHookPayloadSchema(value: unknown): value is HookPayloadSchema {
  const standard = (value as { "~standard"?: { validate?: unknown } } | null | undefined)?.["~standard"];
  return typeof standard?.validate === "function";
}
