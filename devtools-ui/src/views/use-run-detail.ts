/** Loads one run's log and keeps it live: new events are fetched incrementally on change notices. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { RecordedError, WorkflowEvent } from "../../../runtime/events/event.ts";
import { api, ApiError, type HookRecordView } from "../api/client.ts";
import { useChanges } from "../api/live.ts";

export interface RunDetailData {
  events: WorkflowEvent[];
  hooks: HookRecordView[];
  streams: string[];
  status: "loading" | "ready" | "missing" | "error";
  error?: string;
  /** The world's report of an unreadable line in the run's log (`ERR_CORRUPT_LOG`). */
  damage?: RecordedError;
}

export function useRunDetail(runId: string): RunDetailData {
  const [data, setData] = useState<RunDetailData>({ events: [], hooks: [], streams: [], status: "loading" });
  const events = useRef<WorkflowEvent[]>([]);
  const fetching = useRef<Promise<void> | undefined>(undefined);
  const again = useRef(false);
  /** Counts full loads: their answers can arrive out of order, and only the latest one's is shown. */
  const fullLoads = useRef(0);

  const loadFull = useCallback(async () => {
    const load = ++fullLoads.current;
    try {
      const detail = await api.getRun(runId);
      // A later load (for a newer notice, or another run) answered first or is still coming: it is newer.
      if (load !== fullLoads.current) return;
      events.current = Array.isArray(detail.events) ? detail.events : [];
      setData({ events: events.current, hooks: detail.hooks ?? [], streams: detail.streams ?? [], status: "ready", ...(detail.run?.error ? { damage: detail.run.error } : {}) });
    } catch (error) {
      if (load !== fullLoads.current) return;
      const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
      setData((d) => ({ ...d, status: missing ? "missing" : "error", error: (error as Error).message }));
    }
  }, [runId]);

  const loadNew = useCallback(() => {
    // One fetch at a time; a notice during a fetch schedules exactly one more.
    if (fetching.current) {
      again.current = true;
      return;
    }
    fetching.current = (async () => {
      try {
        let done = false;
        while (!done) {
          const from = events.current.length;
          const page = await api.events(runId, from);
          // A full load replaced the log meanwhile: ask again from its end rather than append twice.
          if (events.current.length !== from) continue;
          if (page.events.length) {
            events.current = [...events.current, ...page.events];
            setData((d) => ({ ...d, events: events.current, status: "ready" }));
          }
          done = page.done;
        }
      } catch {
        /* a resync reloads everything */
      } finally {
        fetching.current = undefined;
        if (again.current) {
          again.current = false;
          loadNew();
        }
      }
    })();
  }, [runId]);

  useEffect(() => {
    events.current = [];
    setData({ events: [], hooks: [], streams: [], status: "loading" });
    void loadFull();
  }, [loadFull]);

  useChanges((notice) => {
    if (notice.resync) return void loadFull();
    const touchesRun = notice.runs.includes(runId);
    const touchesSide =
      notice.hooks.some((token) => concernsRun(token, touchesRun, data.hooks, events.current)) ||
      notice.streams.some((name) => name.includes(runId));
    if (touchesSide || (touchesRun && data.status !== "ready")) void loadFull();
    else if (touchesRun) loadNew();
  }, [runId, loadFull, loadNew, data.status, data.hooks]);

  return data;
}

/**
 * True when a changed hook token may belong to this run: one of its known hooks, or (when the same notice
 * also says the run changed) a token not seen yet, which may be a hook the run just created. Hook activity
 * of other runs leaves the open run alone.
 */
export function concernsRun(token: string, runChanged: boolean, hooks: readonly HookRecordView[], events: readonly WorkflowEvent[]): boolean {
  if (runChanged || hooks.some((hook) => hook.token === token)) return true;
  return events.some((event) => event.type === "hook_created" && event.token === token);
}
