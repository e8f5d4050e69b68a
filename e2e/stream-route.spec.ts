import { request as httpGet } from "node:http";
import { expect, test } from "@playwright/test";
import { startRun, waitForStatus } from "./support/run-api.ts";

// GET /api/runs/:runId/stream answers with its status and headers at once, before the run writes a chunk.

test("the stream route sends its headers before the run writes anything", async ({ request, baseURL }) => {
  const token = `stream-headers-${Date.now()}`;
  // `hooked` waits on its hook and never writes to its stream.
  const runId = await startRun(request, "hooked", [token]);
  await expect.poll(async () => (await request.get(`/api/hooks/${token}`)).status()).toBe(200);

  const url = new URL(`/api/runs/${runId}/stream`, baseURL);
  const response = await new Promise<{ status?: number; type?: string; destroy(): void }>((resolve, reject) => {
    const req = httpGet(url, (res) => resolve({ status: res.statusCode, type: res.headers["content-type"], destroy: () => req.destroy() }));
    req.on("error", reject);
    req.end();
  });
  response.destroy();
  expect(response.status).toBe(200);
  expect(response.type).toContain("application/x-ndjson");
  // Nothing was written meanwhile: the run still waits on its hook.
  expect((await (await request.get(`/api/runs/${runId}`)).json()).status).toBe("running");

  await request.post(`/api/hooks/${token}`, { data: { payload: "done" } });
  expect((await waitForStatus(request, runId, "completed")).returnValue).toBe("done");
});
