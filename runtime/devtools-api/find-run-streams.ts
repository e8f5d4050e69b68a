import type { DevtoolsApiContext } from "./devtools-api-context.ts";

/**
 * Names of the streams a run wrote to: what the engine reports, plus any stream seen changing whose name
 * carries the run id (the engine names a run's streams after it).
 */
export async function findRunStreams(ctx: DevtoolsApiContext, runId: string): Promise<string[]> {
  const names = new Set<string>();
  const fromRuntime = await Promise.resolve(ctx.runtime?.listStreams(runId)).catch(() => undefined);
  for (const name of fromRuntime ?? []) names.add(name);
  for (const name of ctx.hub.seenStreams()) if (name.includes(runId)) names.add(name);
  return [...names].toSorted();
}
