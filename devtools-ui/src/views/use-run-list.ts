/** Loads every run summary (paged, newest first), keeps it live from change notices, and searches inputs. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api/client.ts";
import { useChanges } from "../api/live.ts";
import { mergeRuns, type RunRow } from "../state/run-list.ts";

const FIRST_PAGE = 200;
const PAGE = 1000;
const MAX_RUNS = 50_000;

export function useRunList() {
  const [runs, setRuns] = useState<RunRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const generation = useRef(0);

  const loadAll = useCallback(async () => {
    const mine = ++generation.current;
    try {
      let page = await api.listRuns({ limit: FIRST_PAGE });
      if (mine !== generation.current) return;
      setRuns((current) => mergeRuns(current, page.data));
      setLoading(false);
      setError(undefined);
      let count = page.data.length;
      while (page.cursor && count < MAX_RUNS && mine === generation.current) {
        page = await api.listRuns({ limit: PAGE, cursor: page.cursor });
        count += page.data.length;
        setRuns((current) => mergeRuns(current, page.data));
      }
    } catch (e) {
      setLoading(false);
      setError((e as ApiError).message);
    }
  }, []);

  useEffect(() => void loadAll(), [loadAll]);

  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useChanges((notice) => {
    if (notice.resync) return void loadAll();
    // Rows the notice carries go in at once (the view filters them like any other); only the rest is fetched.
    const carried = notice.runSummaries ?? [];
    if (carried.length > 0) setRuns((current) => mergeRuns(current, carried));
    const have = new Set(carried.map((run) => run.runId));
    for (const id of notice.runs) if (!have.has(id)) pending.current.add(id);
    if (timer.current || pending.current.size === 0) return;
    // Fetch on the next tick so notices that arrive together cost one request.
    timer.current = setTimeout(async () => {
      timer.current = undefined;
      const ids = [...pending.current].slice(0, 1000);
      ids.forEach((id) => pending.current.delete(id));
      try {
        const { data } = await api.runsByIds(ids);
        setRuns((current) => mergeRuns(current, data));
      } catch {
        /* the next notice or a resync catches up */
      }
    }, 0);
  }, [loadAll]);

  return { runs, loading, error, reload: loadAll, merge: (rows: RunRow[]) => setRuns((current) => mergeRuns(current, rows)) };
}

/**
 * Run ids whose recorded input contains `search`, found by the server (debounced). Asked again when the
 * number of known runs changes, so a run that arrives live is matched by its input too.
 */
export function useInputSearch(search: string, onRows: (rows: RunRow[]) => void, runCount: number): Set<string> | undefined {
  const [matches, setMatches] = useState<Set<string> | undefined>();
  useEffect(() => {
    const text = search.trim();
    if (text.length < 2) return void setMatches(undefined);
    let cancelled = false;
    const handle = setTimeout(async () => {
      try {
        const { data } = await api.listRuns({ search: text, limit: 500 });
        if (cancelled) return;
        onRows(data);
        setMatches(new Set(data.map((run) => run.runId)));
      } catch {
        if (!cancelled) setMatches(undefined);
      }
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(handle);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, search.trim().length >= 2 ? runCount : 0]);
  return matches;
}
