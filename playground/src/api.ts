/** What `GET /api/runs/:runId` answers. */
export interface RunSummary {
  runId: string;
  status: "pending" | "running" | "completed" | "failed" | "cancelled";
  returnValue?: unknown;
  error?: { name: string; message: string };
}

async function json<T>(response: Response): Promise<T> {
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body as T;
}

/** Starts a workflow by name through `POST /api/start/:name`; resolves with the run id. */
export async function startRun(name: string, args: unknown[]): Promise<string> {
  const response = await fetch(`/api/start/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args }),
  });
  return (await json<{ runId: string }>(response)).runId;
}

/** Reads a run's summary. */
export async function getRunSummary(runId: string): Promise<RunSummary> {
  return json<RunSummary>(await fetch(`/api/runs/${runId}`));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a run until it is completed, failed or cancelled, reporting every status seen. Network errors
 * (the dev server restarting) are retried: the run goes on without the page.
 */
export async function waitForRun(runId: string, onStatus: (summary: RunSummary) => void = () => {}): Promise<RunSummary> {
  for (;;) {
    const summary = await getRunSummary(runId).catch(() => undefined);
    if (summary) onStatus(summary);
    if (summary?.status === "completed" || summary?.status === "failed" || summary?.status === "cancelled") return summary;
    await pause(200);
  }
}

/** Polls `GET /api/hooks/:token` until a hook with that token is waiting; resolves with its run id. */
export async function waitForHook(token: string): Promise<string> {
  for (;;) {
    const response = await fetch(`/api/hooks/${encodeURIComponent(token)}`);
    if (response.ok) return (await response.json()).runId;
    await pause(150);
  }
}

/** Reads an NDJSON response line by line as it arrives. */
export async function readNdjson(url: string, onValue: (value: unknown) => void): Promise<void> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onValue(JSON.parse(line));
    }
  }
}

/** A short random id for documents, tokens and emails. */
export function randomId(): string {
  return Math.random().toString(36).slice(2, 10);
}
