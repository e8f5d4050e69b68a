/** The panel's only link to the runtime: the devtools JSON API, relative to the page (`/__workflow/`). */
import type { WorkflowEvent } from "../../../runtime/events/event.ts";
import type { RunRow } from "../state/run-list.ts";

export const API = new URL("api/", document.baseURI).pathname;

export interface HookRecordView {
  token: string;
  runId: string;
  hookId: string;
  kind: "hook" | "webhook";
  createdAt: number;
}

export interface RunDetailResponse {
  run: RunRow | null;
  events: WorkflowEvent[];
  hooks: HookRecordView[];
  streams: string[];
}

/** An API failure with the server's code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

async function request<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const headers = new Headers(init?.headers);
  let body = init?.body;
  if (init?.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  let response: Response;
  try {
    response = await fetch(API + path, { ...init, headers, body });
  } catch (error) {
    throw new ApiError(0, "ERR_NETWORK", `Cannot reach the dev server (${(error as Error).message}). Is it still running?`);
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(response.status, "ERR_BAD_RESPONSE", `Unexpected response (${response.status}): ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string } })?.error;
    throw new ApiError(response.status, error?.code ?? "ERR_HTTP", error?.message ?? `HTTP ${response.status}`);
  }
  return data as T;
}

export const api = {
  listRuns: (params: { cursor?: string | null; limit?: number; search?: string }) => {
    const query = new URLSearchParams();
    if (params.cursor) query.set("cursor", params.cursor);
    if (params.limit) query.set("limit", String(params.limit));
    if (params.search) query.set("search", params.search);
    return request<{ data: RunRow[]; cursor: string | null }>(`runs?${query}`);
  },
  runsByIds: (ids: string[]) => request<{ data: RunRow[] }>(`runs?ids=${ids.map(encodeURIComponent).join(",")}`),
  getRun: (runId: string) => request<RunDetailResponse>(`runs/${encodeURIComponent(runId)}`),
  reruns: (runId: string) => request<{ data: RunRow[]; complete: boolean }>(`runs/${encodeURIComponent(runId)}/reruns`),
  events: (runId: string, from: number) =>
    request<{ events: WorkflowEvent[]; next: number; done: boolean }>(`runs/${encodeURIComponent(runId)}/events?from=${from}`),
  workflows: () => request<{ workflows: string[] }>("workflows"),
  start: (workflowId: string, args: unknown[]) => request<{ runId: string }>("runs", { method: "POST", json: { workflowId, args } }),
  cancel: (runId: string) => request<{ ok: true }>(`runs/${encodeURIComponent(runId)}/cancel`, { method: "POST" }),
  rerun: (runId: string) => request<{ runId: string }>(`runs/${encodeURIComponent(runId)}/rerun`, { method: "POST" }),
  rerunFrom: (runId: string, stepId: string) =>
    request<{ runId: string }>(`runs/${encodeURIComponent(runId)}/rerun-from/${encodeURIComponent(stepId)}`, { method: "POST" }),
  wake: (runId: string, waitId: string) =>
    request<{ ok: true }>(`runs/${encodeURIComponent(runId)}/wake/${encodeURIComponent(waitId)}`, { method: "POST" }),
  resumeHook: (token: string, payload: unknown) =>
    request<{ ok: true; runId: string }>(`hooks/${encodeURIComponent(token)}/resume`, { method: "POST", json: { payload } }),
  openInEditor: (file: string, line?: number, column?: number) => {
    const query = new URLSearchParams({ file });
    if (line !== undefined) query.set("line", String(line));
    if (column !== undefined) query.set("column", String(column));
    return request<{ ok: true; editor: string; file: string }>(`editor?${query}`);
  },
  streamUrl: (name: string, from = 0) => `${API}streams/${encodeURIComponent(name)}?from=${from}`,
};
