import { expect, type APIRequestContext } from "@playwright/test";

/** What `GET /api/runs/:runId` answers. */
export interface RunSummary {
  runId: string;
  status: string;
  returnValue?: unknown;
  error?: { name: string; message: string };
}

/** Starts a workflow through `POST /api/start/:name` and returns its run id. */
export async function startRun(request: APIRequestContext, name: string, args: unknown[]): Promise<string> {
  const response = await request.post(`/api/start/${name}`, { data: { args } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).runId;
}

/** Polls `GET /api/runs/:runId` until the run reaches `status`, and returns its summary. */
export async function waitForStatus(request: APIRequestContext, runId: string, status: string): Promise<RunSummary> {
  let summary: RunSummary | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/runs/${runId}`).catch(() => undefined);
        summary = response?.ok() ? await response.json() : undefined;
        return summary?.status;
      },
      { timeout: 30_000, intervals: [100, 200, 250] },
    )
    .toBe(status);
  return summary!;
}
