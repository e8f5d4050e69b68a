/** A run's re-runs, asked of the server once when the run opens (it reads newer runs' logs to find them). */
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { RunRow } from "../state/run-list.ts";

export interface Reruns {
  runs: RunRow[];
  /** False when the server looked at only the most recent runs after this one. */
  complete: boolean;
}

export function useReruns(runId: string): Reruns {
  const [reruns, setReruns] = useState<Reruns>({ runs: [], complete: true });
  useEffect(() => {
    let cancelled = false;
    setReruns({ runs: [], complete: true });
    api.reruns(runId).then(
      ({ data, complete }) => !cancelled && setReruns({ runs: data, complete }),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [runId]);
  return reruns;
}
