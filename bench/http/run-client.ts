import type { IncomingMessage } from "node:http";
import { createHttpRequester, type HttpAnswer, RequestTimeout } from "./http-request.ts";
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
  openStream(runId: string, deadline: number): Promise<IncomingMessage>;
  /** Closes the kept-alive sockets. */
  close(): void;
}

/** A deadline for a case that starts now (on the `performance.now()` clock). */
export function caseDeadline(): number {
  return performance.now() + CASE_TIMEOUT_MS;
}

/** Throws the timeout failure once `deadline` has passed. */
export function assertBefore(deadline: number): void {
  if (performance.now() > deadline) throw new CaseFailure(`timed out after ${CASE_TIMEOUT_MS / 1000} s`);
}

function expectOk(answer: HttpAnswer, what: string): HttpAnswer {
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw new CaseFailure(`${what} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
}

/** Creates the client for the server at `url` (keep-alive `node:http`, see `createHttpRequester`). */
export function createRunClient(url: string): RunClient {
  const http = createHttpRequester(url);

  async function call<T>(path: string, deadline: number, init: { method?: string; json?: unknown }, perform: (timeoutMs: number) => Promise<T>): Promise<T> {
    assertBefore(deadline);
    try {
      return await perform(Math.max(1, Math.ceil(deadline - performance.now())));
    } catch (error) {
      if (error instanceof CaseFailure) throw error;
      if (error instanceof RequestTimeout) throw new CaseFailure(`timed out after ${CASE_TIMEOUT_MS / 1000} s`);
      throw new CaseFailure(`${init.method ?? "GET"} ${path}: ${(error as Error).message}`);
    }
  }
  const request = (path: string, deadline: number, init: { method?: string; json?: unknown } = {}) =>
    call(path, deadline, init, (timeoutMs) => http.send(path, { ...init, timeoutMs }));
  const post = (json: unknown) => ({ method: "POST", json });

  async function runSummary(runId: string, deadline: number): Promise<RunSummary> {
    const answer = expectOk(await request(`/api/runs/${runId}`, deadline), `GET /api/runs/${runId}`);
    return JSON.parse(answer.body) as RunSummary;
  }

  return {
    async start(name, args, deadline) {
      const answer = expectOk(await request(`/api/start/${name}`, deadline, post({ args })), `POST /api/start/${name}`);
      return (JSON.parse(answer.body) as { runId: string }).runId;
    },

    runSummary,

    async waitForCompletion(runId, since, deadline) {
      for (;;) {
        const summary = await runSummary(runId, deadline);
        if (summary.status === "completed") return summary;
        if (summary.status === "failed" || summary.status === "cancelled") {
          throw new CaseFailure(`run ${runId} ${summary.status}${summary.error?.message ? `: ${summary.error.message}` : ""}`);
        }
        await delay(pollInterval(performance.now() - since));
      }
    },

    async hookStatus(token, deadline) {
      return (await request(`/api/hooks/${encodeURIComponent(token)}`, deadline)).status;
    },

    async resumeHook(token, payload, deadline) {
      const path = `/api/hooks/${encodeURIComponent(token)}`;
      expectOk(await request(path, deadline, post({ payload })), `POST ${path}`);
    },

    async openStream(runId, deadline) {
      const path = `/api/runs/${runId}/stream`;
      const response = await call(path, deadline, {}, (timeoutMs) => http.open(path, { timeoutMs }));
      if (response.statusCode !== 200) {
        let text = "";
        for await (const chunk of response) text += String(chunk);
        throw new CaseFailure(`GET ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`);
      }
      return response;
    },

    close: () => http.close(),
  };
}
