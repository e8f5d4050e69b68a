import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, request as apiRequest, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";
import { startServerProcess, type ServerProcess } from "./support/start-server-process.ts";

/** Port of the playground dev server with Vite DevTools, which this spec starts and stops itself. */
const PORT = Number(process.env.E2E_DEVTOOLS_DOCK_PORT ?? 4379);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

let server: ServerProcess | undefined;
let dataDir: string | undefined;

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "wf-e2e-dock-"));
  server = await startServerProcess({
    name: "dev server with Vite DevTools",
    args: ["node_modules/vite/bin/vite.js", "playground", "--config", "playground/vite-devtools.config.ts", "--port", String(PORT), "--strictPort"],
    cwd: ROOT,
    env: { ...process.env, WORKFLOW_EMBEDDED_DATA_DIR: dataDir },
    port: PORT,
    probePath: "/api/health",
    timeoutMs: 60_000,
    pollMs: 200,
  });
});

test.afterAll(async () => {
  await server?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("the workflow panel is a dock of Vite DevTools, with live runs", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const base = `http://localhost:${PORT}`;
  const request = await apiRequest.newContext({ baseURL: base });
  await page.goto(`${base}/`);

  // Vite DevTools' dock bar has a "Workflows" entry; the launcher button gives way to it.
  const dockEntry = page.locator("devframes-dock-embedded").getByRole("button", { name: "Workflows" });
  await page.locator("#devframes-dock").hover();
  await dockEntry.click();
  const panel = page.frameLocator('iframe[src*="/__workflow/"]');
  await expect(panel.locator(".live-live")).toBeVisible();
  expect(await page.locator('script[src="/__workflow/launcher.js"]').count()).toBe(0);

  // A run started now shows up in the open dock without a reload.
  const runId = await startRun(request, "greeting", ["dock"]);
  await expect(panel.locator(`[data-run-id="${runId}"]`)).toBeVisible();
  await waitForStatus(request, runId, "completed");
  await attachScreenshot(page, testInfo, "vite-devtools-dock");
  await request.dispose();
});
