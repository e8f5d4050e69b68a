import { getRun, start } from "workflow/api";
import { helloWorkflow } from "../workflows/hello.ts";

/** Starts the hello workflow; loaded through Vite's SSR module runner by the route in vite.config.ts. */
export async function startHello(name: string): Promise<{ runId: string }> {
  const run = await start(helloWorkflow, [name]);
  return { runId: run.runId };
}

/** A run's status, plus its return value once completed. */
export async function describeRun(runId: string): Promise<{ status: string; returnValue?: unknown }> {
  const run = getRun(runId);
  const status = await run.status;
  return status === "completed" ? { status, returnValue: await run.returnValue } : { status };
}
