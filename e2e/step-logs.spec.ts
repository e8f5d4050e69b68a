import { expect, test } from "@playwright/test";
import { attachThemes, openPanel, waterfallRow } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

test("a step's console output is shown under the step in the panel", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "progress", [["apple", "pear"]]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}`);
  await waterfallRow(page, /processItem/).click();
  const logs = page.getByRole("region", { name: "Logs" });
  await expect(logs.locator(".log-line")).toHaveCount(1);
  await expect(logs).toContainText("processing apple (1/2)");
  await expect(logs.locator(".log-level")).toHaveText("log");
  await attachThemes(page, testInfo, "step-logs");
});
