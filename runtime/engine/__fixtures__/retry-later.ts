import { RetryableError } from "workflow";

const calls: Record<string, number> = {};

/** Fails its first attempt with a retry due a minute later, then succeeds. */
export async function failsOnceSlowly(key: string) {
  "use step";
  calls[key] = (calls[key] ?? 0) + 1;
  if (calls[key] === 1) throw new RetryableError("later", { retryAfter: 60_000 });
  return calls[key];
}

export async function retriesLater(key: string) {
  "use workflow";
  return await failsOnceSlowly(key);
}
