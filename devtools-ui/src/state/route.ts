/**
 * The panel's location, kept in the URL hash so every view has a deep link: the view in the path, the run
 * list's filters and the time-travel position in the hash's query (`#/runs/<id>?status=failed&at=12`), so
 * they survive a reload and come back with the browser's back button.
 */
import type { RunStatus } from "../../../runtime/events/event.ts";
import type { RunFilter } from "./run-list.ts";

export type Route = (
  | { view: "runs" }
  | { view: "run"; runId: string; tab: RunTab; itemId?: string }
) & {
  /** The run list's filters; absent when none is set. */
  filter?: RunFilter;
  /** Time travel: index of the last event shown. Absent when the run is shown live. */
  at?: number;
};

export type RunTab = "timeline" | "events" | "streams" | "hooks";
const TABS = new Set<RunTab>(["timeline", "events", "streams", "hooks"]);
const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;
const STATUSES = new Set<string>(["pending", "running", "completed", "failed", "cancelled"]);
const MAX_QUERY_VALUE = 300;

/**
 * `#/runs/<id>` → timeline; `#/runs/<id>/steps/<stepId>` (also `waits/`, `hooks/`) → that item selected;
 * `#/runs/<id>/events|streams|hooks` → that tab. Anything else (or a malformed id) → the run list.
 */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#?\/?/, "");
  const queryAt = text.indexOf("?");
  const base = parsePath(queryAt === -1 ? text : text.slice(0, queryAt));
  if (queryAt === -1) return base;
  const query = new URLSearchParams(text.slice(queryAt + 1));
  const filter: RunFilter = {};
  const status = query.get("status");
  if (status && STATUSES.has(status)) filter.status = status as RunStatus;
  const workflow = query.get("workflow");
  if (workflow && workflow.length <= MAX_QUERY_VALUE) filter.workflow = workflow;
  const search = query.get("q");
  if (search && search.length <= MAX_QUERY_VALUE) filter.search = search;
  const route: Route = Object.keys(filter).length > 0 ? { ...base, filter } : base;
  const at = query.get("at");
  if (base.view === "run" && at !== null && /^\d{1,9}$/.test(at)) route.at = Number(at);
  return route;
}

function parsePath(path: string): Route {
  const parts = path.split("/").filter(Boolean).map(safeDecode);
  if (parts[0] !== "runs" || !parts[1] || !ID_RE.test(parts[1])) return { view: "runs" };
  const runId = parts[1];
  const section = parts[2];
  if (!section) return { view: "run", runId, tab: "timeline" };
  if ((section === "steps" || section === "waits" || section === "items") && parts[3] && ID_RE.test(parts[3])) {
    return { view: "run", runId, tab: "timeline", itemId: parts[3] };
  }
  if (section === "hooks" && parts[3] && ID_RE.test(parts[3])) return { view: "run", runId, tab: "timeline", itemId: parts[3] };
  if (TABS.has(section as RunTab)) return { view: "run", runId, tab: section as RunTab };
  return { view: "run", runId, tab: "timeline" };
}

/** The hash for a route; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  const query = new URLSearchParams();
  if (route.filter?.status) query.set("status", route.filter.status);
  if (route.filter?.workflow) query.set("workflow", route.filter.workflow);
  if (route.filter?.search) query.set("q", route.filter.search);
  if (route.view === "run" && route.at !== undefined) query.set("at", String(route.at));
  const text = query.toString();
  return text ? `${formatPath(route)}?${text}` : formatPath(route);
}

function formatPath(route: Route): string {
  if (route.view === "runs") return "#/";
  const base = `#/runs/${encodeURIComponent(route.runId)}`;
  if (route.itemId) {
    const section = route.itemId.startsWith("wait_") ? "waits" : route.itemId.startsWith("hook_") ? "hooks" : "steps";
    return `${base}/${section}/${encodeURIComponent(route.itemId)}`;
  }
  return route.tab === "timeline" ? base : `${base}/${route.tab}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return "";
  }
}
