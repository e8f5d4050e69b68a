/**
 * GET /runs             ?workflow=&status=&search=&ids=a,b&limit=&cursor=   runs newest first
 * GET /runs/:id                                                              summary, events, hooks, streams
 * GET /runs/:id/events  ?from=N&limit=                                       events from index N
 * GET /runs/:id/reruns                                                       its re-runs, newest first
 */
import type { H3, H3Event } from "h3";
import { RUN_STATUS, type RunStatus } from "../../events/event.ts";
import type { RunSummary } from "../../world/world.ts";
import type { DevtoolsApiContext } from "../devtools-api-context.ts";
import { DevtoolsApiError } from "../devtools-api-error.ts";
import { findReruns } from "../find-reruns.ts";
import { findRunStreams } from "../find-run-streams.ts";
import { assertId, WORKFLOW_ID_RE } from "../validate-ids.ts";

const MAX_PAGE = 1000;
const MAX_EVENTS_PAGE = 5000;

/** Registers the read-only run routes. */
export function registerRunRoutes(app: H3, base: string, ctx: DevtoolsApiContext, wrap: Wrap): void {
  app.get(`${base}/runs`, wrap(async (request) => {
    const query = new URL(request.url).searchParams;
    const ids = query.get("ids");
    if (ids !== null) {
      const list = ids.split(",").filter(Boolean);
      if (list.length > MAX_PAGE) throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `At most ${MAX_PAGE} ids per request.`);
      for (const id of list) assertId("run id", id);
      const found = await Promise.all(list.map((id) => ctx.world.getRun(id)));
      return { data: found.filter((run): run is RunSummary => run !== undefined), cursor: null };
    }
    const workflowName = query.get("workflow") || undefined;
    if (workflowName !== undefined && !WORKFLOW_ID_RE.test(workflowName)) assertId("workflow id", workflowName);
    const status = parseStatus(query.get("status"));
    const limit = parseIntParam(query.get("limit"), "limit", 100, 1, MAX_PAGE);
    const cursor = query.get("cursor") || undefined;
    if (cursor !== undefined && cursor.length > 1000) throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", "Cursor too long.");
    // The world answers status, workflow and search from its run index.
    const search = (query.get("search") ?? "").trim().slice(0, 200) || undefined;
    return ctx.world.listRuns({ workflowName, status, limit, cursor, search });
  }));

  app.get(`${base}/runs/:id`, wrap(async (request, params) => {
    const runId = assertId("run id", params.id);
    const [run, events] = await Promise.all([ctx.world.getRun(runId), ctx.world.readEvents(runId)]);
    if (!run && !events) throw notFound(runId);
    const [hooks, streams] = await Promise.all([
      ctx.world.hooks.listByRun(runId).catch(() => []),
      findRunStreams(ctx, runId),
    ]);
    return { run: run ?? null, events: events ?? [], hooks, streams };
  }));

  app.get(`${base}/runs/:id/reruns`, wrap(async (_request, params) => {
    const runId = assertId("run id", params.id);
    const run = await ctx.world.getRun(runId);
    if (!run) throw notFound(runId);
    return findReruns(ctx.world, run);
  }));

  app.get(`${base}/runs/:id/events`, wrap(async (request, params) => {
    const runId = assertId("run id", params.id);
    const query = new URL(request.url).searchParams;
    const from = parseIntParam(query.get("from"), "from", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = parseIntParam(query.get("limit"), "limit", MAX_EVENTS_PAGE, 1, MAX_EVENTS_PAGE);
    const events = await ctx.world.readEvents(runId, from);
    if (!events) throw notFound(runId);
    const page = events.slice(0, limit);
    return { events: page, next: from + page.length, done: page.length === events.length };
  }));
}

/** Handler wrapper shared by all routes: turns params and thrown errors into the API's shapes. */
export type Wrap = (
  handler: (request: Request, params: Record<string, string>) => Promise<unknown> | unknown,
) => (event: H3Event) => Promise<unknown>;

export function notFound(runId: string): DevtoolsApiError {
  return new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `No run with id ${runId}.`);
}

export function parseIntParam(value: string | null, name: string, fallback: number, min: number, max: number): number {
  if (value === null || value === "") return fallback;
  if (!/^\d{1,16}$/.test(value)) throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `Query parameter ${name} must be a non-negative integer.`);
  return Math.min(max, Math.max(min, Number(value)));
}

function parseStatus(value: string | null): RunStatus | undefined {
  if (!value) return undefined;
  if (!(value in RUN_STATUS)) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `Unknown status ${JSON.stringify(value)}; expected one of ${Object.keys(RUN_STATUS).join(", ")}.`);
  }
  return value as RunStatus;
}

