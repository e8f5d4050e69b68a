import { rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { waitForStatus } from "./support/run-api.ts";

// A workflow file that does not compile: server routes must not record runs the dev server cannot execute.
const BROKEN_FILE = fileURLToPath(new URL("../playground/workflows/broken-for-e2e.ts", import.meta.url));

test.afterEach(async () => {
  await rm(BROKEN_FILE, { force: true });
});

test("start() answers the compile error while a workflow file is broken, and works again once it is fixed", async ({ request }) => {
  const runsBefore = ((await (await request.get("/__workflow/api/runs?limit=100")).json()) as { data: unknown[] }).data.length;
  await writeFile(BROKEN_FILE, 'export async function broken() {\n  "use workflow";\n  return 1 +;\n}\n');

  // The dev server notices the new file asynchronously: start until one is refused.
  let refusal: { status: number; body: { error?: string; code?: string } } | undefined;
  await expect(async () => {
    const response = await request.post("/api/start/greeting", { data: { args: ["Broken"] } });
    refusal = { status: response.status(), body: await response.json() };
    expect(refusal.status).toBe(500);
  }).toPass({ timeout: 30_000 });
  expect(refusal!.body.code).toBe("ERR_WORKFLOW_BUILD_FAILED");
  expect(refusal!.body.error).toContain("workflows/broken-for-e2e.ts:3:13");
  expect(refusal!.body.error).toContain("Unexpected token");

  await rm(BROKEN_FILE);
  let runId: string | undefined;
  await expect(async () => {
    const response = await request.post("/api/start/greeting", { data: { args: ["Fixed"] } });
    expect(response.status()).toBe(200);
    runId = ((await response.json()) as { runId: string }).runId;
  }).toPass({ timeout: 30_000 });
  expect((await waitForStatus(request, runId!, "completed")).returnValue).toEqual({ message: expect.stringContaining("Fixed") });

  // No run was left pending by the refused starts: at most the runs that started before the refusal and the last one.
  const runs = ((await (await request.get("/__workflow/api/runs?limit=100")).json()) as { data: Array<{ status: string }> }).data;
  expect(runs.slice(0, runs.length - runsBefore).filter((run) => run.status === "pending")).toEqual([]);
});
