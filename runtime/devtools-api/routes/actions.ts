/**
 * GET  /workflows                       known workflow ids
 * POST /runs                            { workflowId, args: [] }         start a run
 * POST /runs/:id/cancel                                                  cancel
 * POST /runs/:id/rerun                                                   same workflow, same input
 * POST /runs/:id/rerun-from/:stepId                                      new run reusing results before the step
 * POST /runs/:id/wake/:waitId                                            end a sleep now
 * POST /hooks/:token/resume             { payload }                      deliver a hook payload
 */
import type { H3 } from "h3";
import type { WorkflowEvent } from "../../events/event.ts";
import { isTerminalRunEvent } from "../../events/terminal-events.ts";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { DevtoolsApiError } from "../devtools-api-error.ts";
import type { DevtoolsPort } from "../../engine/devtools-port.ts";
import { readJsonBody } from "../../http/read-json-body.ts";
import { assertId } from "../validate-ids.ts";
import { notFound, type Wrap } from "./runs.ts";

/** Registers the workflow list and every action route. */
export function registerActionRoutes(app: H3, base: string, ctx: DevtoolsApiContext, wrap: Wrap): void {
  app.get(`${base}/workflows`, wrap(async () => ({ workflows: await ctx.listWorkflows() })));

  app.post(`${base}/runs`, wrap(async (request) => {
    const body = await readJsonBody(request, ctx.bodyOptions);
    if (!isRecord(body)) throw badRequest("Expected a JSON object { workflowId, args }.");
    const workflowId = assertId("workflow id", typeof body.workflowId === "string" ? body.workflowId : undefined);
    const args = body.args ?? [];
    if (!Array.isArray(args)) throw badRequest("args must be a JSON array of arguments.");
    const known = await ctx.listWorkflows();
    if (known.length > 0 && !known.includes(workflowId)) {
      throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Unknown workflow ${workflowId}. Known: ${known.join(", ")}.`);
    }
    return { runId: (await engineOf(ctx).start(workflowId, args)).runId };
  }));

  app.post(`${base}/runs/:id/cancel`, wrap(async (_request, params) => {
    const runId = assertId("run id", params.id);
    const engine = engineOf(ctx);
    const events = await readRun(ctx, runId);
    if (isFinished(events)) throw conflict(`Run ${runId} has already finished; there is nothing to cancel.`);
    await engine.cancel(runId);
    return { ok: true, runId };
  }));

  app.post(`${base}/runs/:id/rerun`, wrap(async (_request, params) => {
    const runId = assertId("run id", params.id);
    const engine = engineOf(ctx);
    await readRun(ctx, runId);
    return { runId: (await engine.rerun(runId)).runId };
  }));

  app.post(`${base}/runs/:id/rerun-from/:stepId`, wrap(async (_request, params) => {
    const runId = assertId("run id", params.id);
    const stepId = assertId("step id", params.stepId);
    const engine = engineOf(ctx);
    const events = await readRun(ctx, runId);
    if (!events.some((e) => e.type === "step_created" && e.correlationId === stepId)) {
      throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Run ${runId} has no step ${stepId}.`);
    }
    return { runId: (await engine.rerunFrom(runId, stepId)).runId };
  }));

  app.post(`${base}/runs/:id/wake/:waitId`, wrap(async (_request, params) => {
    const runId = assertId("run id", params.id);
    const waitId = assertId("wait id", params.waitId);
    const engine = engineOf(ctx);
    const events = await readRun(ctx, runId);
    if (!events.some((e) => e.type === "wait_created" && e.correlationId === waitId)) {
      throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Run ${runId} has no sleep ${waitId}.`);
    }
    if (isFinished(events) || events.some((e) => e.type === "wait_completed" && e.correlationId === waitId)) {
      throw conflict(`Sleep ${waitId} of run ${runId} is not pending.`);
    }
    await engine.wake(runId, waitId);
    return { ok: true, runId, waitId };
  }));

  app.post(`${base}/hooks/**:token`, wrap(async (request, params) => {
    const path = params.token ?? "";
    if (!path.endsWith("/resume")) throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", "Unknown devtools API route.");
    const token = assertId("hook token", safeDecode(path.slice(0, -"/resume".length)));
    const engine = engineOf(ctx);
    const body = await readJsonBody(request, ctx.bodyOptions);
    if (!isRecord(body) || !("payload" in body)) throw badRequest("Expected a JSON object { payload }.");
    const hook = await ctx.world.hooks.get(token);
    if (!hook) throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", "No live hook has this token.");
    await engine.resumeHook(token, body.payload);
    return { ok: true, runId: hook.runId };
  }));
}

async function readRun(ctx: DevtoolsApiContext, runId: string): Promise<WorkflowEvent[]> {
  const events = await ctx.world.readEvents(runId);
  if (!events) throw notFound(runId);
  return events;
}

function isFinished(events: WorkflowEvent[]): boolean {
  return events.some(isTerminalRunEvent);
}

/** The engine behind the actions; a read-only API (no engine) has no actions to offer. */
function engineOf(ctx: DevtoolsApiContext): DevtoolsPort {
  if (ctx.runtime) return ctx.runtime;
  throw new DevtoolsApiError(
    "ERR_DEVTOOLS_NOT_FOUND",
    "This devtools API is read-only: actions need the engine of the dev server (pass `runtime: createDevtoolsPort(runtime)`).",
  );
}

function conflict(message: string): DevtoolsApiError {
  return new DevtoolsApiError("ERR_DEVTOOLS_CONFLICT", message);
}

function badRequest(message: string): DevtoolsApiError {
  return new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new DevtoolsApiError("ERR_DEVTOOLS_INVALID_ID", "Malformed percent-encoding in hook token.");
  }
}
