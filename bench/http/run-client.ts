import { delay } from "./playground-process.ts";

/** How long one case may take before it is reported as failed instead of hanging the bench. */
export const CASE_TIMEOUT_MS = 60_000;

/** A case that did not produce a figure; `message` becomes the row's note. */
export class CaseFailure extends Error {
  override name = "CaseFailure";
}

/** What `GET /api/runs/:runId` answers (the fields the driver reads). */
export interface RunSummary {
  runId: string;
  status: string;
  returnValue?: unknown;
  error?: { message?: string };
}

/** The contract's polling interval: 2% of the time elapsed so far, clamped to [1, 250] ms. */
export function pollInterval(elapsedMs: number): number {
  return Math.min(250, Math.max(1, elapsedMs * 0.02));
}

/** The contract's HTTP routes on one server, every call bounded by the case deadline. */
export interface RunClient {
  /** `POST /api/start/:name`; resolves with the run id. */
  start(name: string, args: unknown[], deadline: number): Promise<string>;
  /** `GET /api/runs/:runId` once. */
  runSummary(runId: string, deadline: number): Promise<RunSummary>;
  /** Polls `GET /api/runs/:runId` (interval from `since`) until `completed`; throws on failed, cancelled or the deadline. */
  waitForCompletion(runId: string, since: number, deadline: number): Promise<RunSummary>;
  /** `GET /api/hooks/:token`; the status code. */
  hookStatus(token: string, deadline: number): Promise<number>;
  /** `POST /api/hooks/:token` with `{ payload }`; throws unless 200. */
  resumeHook(token: string, payload: unknown, deadline: number): Promise<void>;
  /** `GET /api/runs/:runId/stream`, the response whose body is read incrementally. */
  openStream(runId: string, deadline: number): Promise<Response>;
}

/** A deadline for a case that starts now (on the `performance.now()` clock). */
export function caseDeadline(): number {
  return performance.now() + CASE_TIMEOUT_MS;
}

/** Throws the timeout failure once `deadline` has passed. */
export function assertBefore(deadline: number): void {
  if (performance.now() > deadline) throw new CaseFailure(`timed out after ${CASE_TIMEOUT_MS / 1000} s`);
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  throw new CaseFailure(`${what} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Creates the client for the server at `url`. */
export function createRunClient(url: string): RunClient {
  async function request(path: string, deadline: number, init: RequestInit = {}): Promise<Response> {
    assertBefore(deadline);
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())));
    try {
      return await fetch(`${url}${path}`, { ...init, signal });
    } catch (error) {
      if (signal.aborted) throw new CaseFailure(`timed out after ${CASE_TIMEOUT_MS / 1000} s`);
      throw new CaseFailure(`${init.method ?? "GET"} ${path}: ${(error as Error).message}`);
    }
  }

  return {
    async start(name, args, deadline) {
      const response = await expectOk(await request(`/api/start/${name}`, deadline, json({ args })), `POST /api/start/${name}`);
      return ((await response.json()) as { runId: string }).runId;
    },

    async runSummary(runId, deadline) {
      const response = await expectOk(await request(`/api/runs/${runId}`, deadline), `GET /api/runs/${runId}`);
      return (await response.json()) as RunSummary;
    },

    async waitForCompletion(runId, since, deadline) {
      for (;;) {
        const response = await expectOk(await request(`/api/runs/${runId}`, deadline), `GET /api/runs/${runId}`);
        const summary = (await response.json()) as RunSummary;
        if (summary.status === "completed") return summary;
        if (summary.status === "failed" || summary.status === "cancelled") {
          throw new CaseFailure(`run ${runId} ${summary.status}${summary.error?.message ? `: ${summary.error.message}` : ""}`);
        }
        await delay(pollInterval(performance.now() - since));
      }
    },

    async hookStatus(token, deadline) {
      const response = await request(`/api/hooks/${encodeURIComponent(token)}`, deadline);
      await response.arrayBuffer();
      return response.status;
    },

    async resumeHook(token, payload, deadline) {
      const path = `/api/hooks/${encodeURIComponent(token)}`;
      await (await expectOk(await request(path, deadline, json({ payload })), `POST ${path}`)).arrayBuffer();
    },

    async openStream(runId, deadline) {
      return expectOk(await request(`/api/runs/${runId}/stream`, deadline), `GET /api/runs/${runId}/stream`);
    },
  };
}
