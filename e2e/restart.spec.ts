import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";
import { startDevServer, type DevServerProcess } from "./support/dev-server-process.ts";
import { E2E_RESTART_PORT } from "./support/environment.ts";

let server: DevServerProcess | undefined;
let dataDir: string | undefined;

test.afterEach(async () => {
  await server?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

test("a sleeping run completes after the dev server is killed and started again", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  dataDir = await mkdtemp(join(tmpdir(), "vite-workflow-restart-"));
  server = await startDevServer(E2E_RESTART_PORT, dataDir);

  await page.goto(`${server.url}/#/reminder`);
  await page.getByLabel("Message").fill("Feed the cat");
  await page.getByLabel("Delay").fill("4s");
  await page.getByRole("button", { name: "Schedule" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("running");
  const runId = (await page.getByTestId("run-id").textContent())!;

  await server.kill();
  server = await startDevServer(E2E_RESTART_PORT, dataDir);

  await page.goto(`${server.url}/#/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 30_000 });
  await expect(page.getByTestId("run-result")).toContainText("delivered: Feed the cat");
  await attachScreenshot(page, testInfo, "reminder-after-restart");
});
