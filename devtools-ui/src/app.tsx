/** The panel shell: header, run list, run detail, routing from the URL hash, keyboard and theme. */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "./api/client.ts";
import { useLiveStatus } from "./api/live.ts";
import { formatRoute, parseRoute, type Route, type RunTab } from "./state/route.ts";
import { countByStatus, filterRuns, workflowOptions, type RunFilter } from "./state/run-list.ts";
import { RunDetail } from "./views/run-detail.tsx";
import { RunListView } from "./views/run-list-view.tsx";
import { StartDialog } from "./views/start-dialog.tsx";
import { useInputSearch, useRunList } from "./views/use-run-list.ts";

type Theme = "light" | "dark";

export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const routeRef = useRef(route);
  routeRef.current = route;
  const filter = useMemo<RunFilter>(() => route.filter ?? {}, [route.filter?.status, route.filter?.workflow, route.filter?.search]);
  const [activeIndex, setActiveIndex] = useState(0);
  const [known, setKnown] = useState<string[]>([]);
  const [starting, setStarting] = useState(false);
  const [toast, setToast] = useState<{ message: string; kind: "ok" | "err" } | undefined>();
  const [theme, setTheme] = useState<Theme>(() => initialTheme());
  const searchRef = useRef<HTMLInputElement>(null);
  const live = useLiveStatus();
  const list = useRunList();
  const inputMatches = useInputSearch(filter.search ?? "", list.merge, list.runs.length);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    api.workflows().then((r) => setKnown(r.workflows), () => {});
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // Only an explicit choice is remembered; until then the panel follows the system's colour scheme.
  const toggleTheme = useCallback(() => {
    setTheme((current) => {
      const next = current === "dark" ? "light" : "dark";
      localStorage.setItem("workflow-devtools-theme", next);
      return next;
    });
  }, []);

  /** Goes to `next`; `replace` rewrites the current history entry (typing a search, dragging the time cursor). */
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const hash = formatRoute(next);
    if (location.hash !== hash) {
      if (options.replace) history.replaceState(history.state, "", hash);
      else location.hash = hash;
    }
    setRoute(next);
  }, []);
  const setFilter = useCallback((next: RunFilter) => {
    const clean: RunFilter = {};
    if (next.status) clean.status = next.status;
    if (next.workflow) clean.workflow = next.workflow;
    if (next.search) clean.search = next.search;
    const current = routeRef.current;
    // Each keystroke of a search replaces the entry; a chip or the workflow select is a step back can undo.
    const typing = (clean.status === current.filter?.status) && (clean.workflow === current.filter?.workflow);
    navigate({ ...current, filter: Object.keys(clean).length > 0 ? clean : undefined }, { replace: typing });
  }, [navigate]);
  const notify = useCallback((message: string, kind: "ok" | "err" = "ok") => {
    setToast({ message, kind });
    setTimeout(() => setToast((t) => (t?.message === message ? undefined : t)), 4000);
  }, []);

  const visible = useMemo(() => filterRuns(list.runs, filter, inputMatches), [list.runs, filter, inputMatches]);
  const counts = useMemo(() => countByStatus(list.runs), [list.runs]);
  const workflows = useMemo(() => workflowOptions(list.runs, known), [list.runs, known]);
  const selectedRunId = route.view === "run" ? route.runId : undefined;
  const openRun = useCallback(
    (runId: string) => navigate({ view: "run", runId, tab: "timeline", filter: routeRef.current.filter }),
    [navigate],
  );

  // A deep link to a run (or a run opened from elsewhere) puts the list's cursor on it and scrolls it into
  // view, once per run: later moves of the cursor are the user's.
  const cursorSyncedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!selectedRunId || cursorSyncedFor.current === selectedRunId) return;
    const index = visible.findIndex((run) => run.runId === selectedRunId);
    if (index === -1) return;
    cursorSyncedFor.current = selectedRunId;
    setActiveIndex(index);
  }, [selectedRunId, visible]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key !== "Escape" && ownsKey(target, event.key)) return;
      if (event.key === "Escape") {
        if (typing) return (target as HTMLInputElement).blur();
        if (route.view === "run" && route.itemId) return navigate({ ...route, itemId: undefined });
        if (route.view === "run") return navigate({ view: "runs", filter: route.filter });
        return;
      }
      if (typing) return;
      if (event.key === "/") {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === "j" || event.key === "ArrowDown") {
        event.preventDefault();
        setActiveIndex((i) => Math.min(visible.length - 1, i + 1));
      } else if (event.key === "k" || event.key === "ArrowUp") {
        event.preventDefault();
        setActiveIndex((i) => Math.max(0, i - 1));
      } else if (event.key === "Enter" && visible[activeIndex]) {
        openRun(visible[activeIndex].runId);
      } else if (event.key === "t") {
        toggleTheme();
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [route, visible, activeIndex, navigate, openRun]);

  useEffect(() => setActiveIndex((i) => Math.max(0, Math.min(i, visible.length - 1))), [visible.length]);

  return (
    <div class="app">
      <header class="topbar">
        <a class="brand" href="#/" aria-label="All runs">
          <span class="logo" aria-hidden="true">◆</span> Workflow <span class="muted">devtools</span>
        </a>
        <span class={`live live-${live}`} title={live === "live" ? "Receiving live updates" : "Reconnecting to the dev server…"}>
          <span class="dot" /> {live === "live" ? "live" : live}
        </span>
        <div class="spacer" />
        <span class="muted small keys" title="Keyboard">j/k move · enter open · esc back · / search · t theme</span>
        <button class="primary" onClick={() => setStarting(true)}>▶ Start run</button>
        <button class="icon-button" aria-label="Toggle theme" title="Toggle theme (t)" onClick={toggleTheme}>
          {theme === "dark" ? "☀" : "☾"}
        </button>
      </header>
      <main class={route.view === "run" ? "layout has-detail" : "layout"}>
        <RunListView
          runs={visible}
          total={list.runs.length}
          counts={counts}
          workflows={workflows}
          filter={filter}
          onFilter={setFilter}
          activeIndex={activeIndex}
          selectedRunId={selectedRunId}
          onOpen={(runId, index) => {
            setActiveIndex(index);
            openRun(runId);
          }}
          searchRef={searchRef}
          loading={list.loading}
          error={list.error}
          onStart={() => setStarting(true)}
        />
        {route.view === "run" ? (
          <RunDetail
            key={route.runId}
            runId={route.runId}
            tab={route.tab}
            itemId={route.itemId}
            cursor={route.at}
            onCursor={(at) => navigate({ ...route, at }, { replace: true })}
            onNavigate={(tab: RunTab, itemId?: string) => navigate({ ...route, tab, itemId })}
            onOpenRun={openRun}
            notify={notify}
          />
        ) : (
          <div class="detail empty">
            <h3>Select a run</h3>
            <p class="muted">Pick a run on the left (j/k and enter), or start one. Runs written by any process sharing this data directory appear here live.</p>
          </div>
        )}
      </main>
      {starting && (
        <StartDialog
          workflows={workflows}
          initial={filter.workflow}
          onClose={() => setStarting(false)}
          onStarted={(runId) => {
            setStarting(false);
            notify(`Started ${runId}`);
            openRun(runId);
          }}
        />
      )}
      {toast && <div class={`toast ${toast.kind}`} role="status">{toast.message}</div>}
    </div>
  );
}

const CONTROL_SELECTOR = 'button, a[href], select, textarea, [contenteditable]:not([contenteditable="false"])';
const DIALOG_SELECTOR = 'dialog, [role="dialog"], [role="alertdialog"]';
const LIST_KEYS: ReadonlySet<string> = new Set(["Enter", "j", "k", "ArrowDown", "ArrowUp"]);

/**
 * True when `key` belongs to the focused element rather than to the panel's shortcuts: every key inside a
 * dialog, and the run list's keys (Enter, j/k, arrows) on a control such as a tab, a timeline row or an action.
 */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest(DIALOG_SELECTOR)) return true;
  return LIST_KEYS.has(key) && target.closest(CONTROL_SELECTOR) !== null;
}

function initialTheme(): Theme {
  const stored = localStorage.getItem("workflow-devtools-theme");
  if (stored === "light" || stored === "dark") return stored;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}
