/** The panel's location, kept in the URL hash so every view has a deep link. */
export type Route =
  | { view: "runs" }
  | { view: "run"; runId: string; tab: RunTab; itemId?: string };

export type RunTab = "timeline" | "events" | "streams" | "hooks";
const TABS = new Set<RunTab>(["timeline", "events", "streams", "hooks"]);
const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * `#/runs/<id>` → timeline; `#/runs/<id>/steps/<stepId>` (also `waits/`, `hooks/`) → that item selected;
 * `#/runs/<id>/events|streams|hooks` → that tab. Anything else (or a malformed id) → the run list.
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#?\/?/, "").split("/").filter(Boolean).map(safeDecode);
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
