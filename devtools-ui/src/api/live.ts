/**
 * One EventSource for the whole panel. The server sends `changed` notices (ids, plus the changed runs'
 * summaries); views subscribe and refetch what they show. On reconnect every subscriber is told to refetch everything (`resync`).
 */
import { useEffect, useState } from "preact/hooks";
import type { RunRow } from "../state/run-list.ts";
import { API } from "./client.ts";

export interface ChangeNotice {
  runs: string[];
  /** Summaries of changed runs as the server read them; a run of `runs` without one is to be fetched. */
  runSummaries?: RunRow[];
  streams: string[];
  hooks: string[];
  /** True after a reconnect: notices may have been missed, refetch everything. */
  resync?: boolean;
}

type Listener = (notice: ChangeNotice) => void;
export type LiveStatus = "connecting" | "live" | "offline";

const listeners = new Set<Listener>();
const statusListeners = new Set<(status: LiveStatus) => void>();
let source: EventSource | undefined;
let status: LiveStatus = "connecting";
let everConnected = false;

function setStatus(next: LiveStatus) {
  status = next;
  for (const listener of statusListeners) listener(next);
}

function connect() {
  if (source) return;
  source = new EventSource(`${API}events`);
  source.addEventListener("ready", () => {
    setStatus("live");
    if (everConnected) for (const listener of listeners) listener({ runs: [], runSummaries: [], streams: [], hooks: [], resync: true });
    everConnected = true;
  });
  source.addEventListener("changed", (event) => {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse((event as MessageEvent<string>).data) as ChangeNotice;
    } catch {
      return;
    }
    for (const listener of listeners) listener(notice);
  });
  source.addEventListener("error", () => setStatus(source?.readyState === EventSource.CLOSED ? "offline" : "connecting"));
}

/** Calls `listener` on every change notice while the component is mounted. */
export function useChanges(listener: Listener, deps: unknown[]): void {
  useEffect(() => {
    connect();
    listeners.add(listener);
    return () => void listeners.delete(listener);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

/** The connection state, for the header indicator. */
export function useLiveStatus(): LiveStatus {
  const [value, setValue] = useState(status);
  useEffect(() => {
    connect();
    statusListeners.add(setValue);
    return () => void statusListeners.delete(setValue);
  }, []);
  return value;
}
