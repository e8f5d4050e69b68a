import { expect, test } from "@playwright/test";
import { attachThemes, openPanel, waterfallRow } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

test("a hook is resumed from the panel and the run completes", async ({ page, request }, testInfo) => {
  const token = `devtools-e2e-${Date.now()}`;
  const runId = await startRun(request, "hooked", [token]);
  await openPanel(page, `#/runs/${runId}/hooks`);
  const card = page.locator(`.hook-card[data-token="${token}"]`);
  await expect(card).toBeVisible();
  await card.locator("textarea").fill('{"approved": true, "by": "panel"}');
  await attachThemes(page, testInfo, "hook-form");
  await card.getByRole("button", { name: "Resume hook" }).click();
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  const summary = await waitForStatus(request, runId, "completed");
  expect(summary.returnValue).toEqual({ approved: true, by: "panel" });
});

test("cancel stops a waiting run", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "hooked", [`devtools-cancel-${Date.now()}`]);
  await openPanel(page, `#/runs/${runId}`);
  await expect(page.locator(".run-header .badge").first()).toHaveText("running");
  await page.getByRole("button", { name: /Cancel/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Yes, cancel run" }).click();
  await expect(page.locator(".run-header .badge").first()).toHaveText("cancelled");
  await waitForStatus(request, runId, "cancelled");
  await attachThemes(page, testInfo, "cancelled");
});

test("re-run starts a new run with the same input", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [3]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}`);
  await page.getByRole("button", { name: /^↻ Re-run$/ }).click();
  await expect(page).not.toHaveURL(new RegExp(`#/runs/${runId}$`));
  const newRunId = /#\/runs\/([^/]+)/.exec(page.url())![1];
  const summary = await waitForStatus(request, newRunId, "completed");
  expect(summary.returnValue).toBe(3);
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  await attachThemes(page, testInfo, "rerun");
});

test("re-run from a step reuses the results recorded before it", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [4]);
  await waitForStatus(request, runId, "completed");
  const detail = await (await request.get(`/__workflow/api/runs/${runId}`)).json();
  const steps = detail.events.filter((event: { type: string }) => event.type === "step_created");
  await openPanel(page, `#/runs/${runId}/steps/${steps[2].correlationId}`);
  await page.getByRole("button", { name: /Re-run from this step/ }).click();
  await expect(page).not.toHaveURL(new RegExp(runId));
  const newRunId = /#\/runs\/([^/]+)/.exec(page.url())![1];
  expect((await waitForStatus(request, newRunId, "completed")).returnValue).toBe(4);
  const copied = await (await request.get(`/__workflow/api/runs/${newRunId}`)).json();
  const started = copied.events.filter((event: { type: string }) => event.type === "step_started");
  // Steps 0 and 1 were copied with their recorded results: exactly one start each, written before run 2 ran.
  expect(copied.events.filter((event: { type: string }) => event.type === "step_completed")).toHaveLength(4);
  expect(started).toHaveLength(4);
  await attachThemes(page, testInfo, "rerun-from-step");
});

test("wake ends a sleep now", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "reminder", ["wake me", "1h"]);
  await openPanel(page, `#/runs/${runId}`);
  const sleep = page.locator('.wf-row.kind-sleep[data-status="waiting"]');
  await expect(sleep).toBeVisible();
  await sleep.click();
  await attachThemes(page, testInfo, "sleeping");
  await page.locator(".item-panel").getByRole("button", { name: /Wake now/ }).click();
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  await expect(waterfallRow(page, "deliverReminder")).toHaveAttribute("data-status", "completed");
});

test("start a workflow from the panel with JSON args", async ({ page }, testInfo) => {
  await openPanel(page);
  await page.getByRole("button", { name: "▶ Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  const seqId = await dialog.locator("option", { hasText: /^seq — / }).first().getAttribute("value");
  await dialog.locator("select").selectOption(seqId!);
  await dialog.locator("textarea").fill("[2]");
  await attachThemes(page, testInfo, "start-dialog");
  await dialog.getByRole("button", { name: "Start" }).click();
  await expect(page).toHaveURL(/#\/runs\/wrun_/);
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
});

test("the stream viewer shows chunks as they arrive", async ({ page, request }, testInfo) => {
  const items = ["a", "b", "c", "d", "e", "f", "g", "h"];
  // Every chunk count the viewer shows, recorded in the page as it renders.
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __chunkCounts: number[] }).__chunkCounts = seen;
    new MutationObserver(() => {
      const count = document.querySelectorAll(".stream .chunk").length;
      if (seen.at(-1) !== count) seen.push(count);
    }).observe(document, { childList: true, subtree: true });
  });
  const runId = await startRun(request, "progress", [items]);
  await openPanel(page, `#/runs/${runId}/streams`);
  const stream = page.locator(".stream").first();
  await expect(stream.locator(".chunk")).toHaveCount(items.length);
  await expect(stream.locator(".badge")).toHaveText("ended");
  // Each step writes one chunk about 150 ms after the last: the viewer showed them one by one, not at the end.
  const counts = await page.evaluate(() => (window as unknown as { __chunkCounts: number[] }).__chunkCounts);
  expect(counts.filter((count) => count > 0 && count < items.length).length).toBeGreaterThan(1);
  // Values are shown decoded, as the step wrote them.
  await expect(stream.locator(".chunk").first()).toContainText('{item: "a", done: 1, total: 8}');
  await attachThemes(page, testInfo, "stream-progress");
});

test("the stream viewer shows a stream written in one burst", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "streamy", [20]);
  await openPanel(page, `#/runs/${runId}/streams`);
  const stream = page.locator(".stream").first();
  await expect(stream.locator(".chunk")).toHaveCount(20);
  await expect(stream.locator(".chunk").first()).toHaveText(/^0\s*"chunk-0"$/);
  await expect(stream.locator(".badge")).toHaveText("ended");
  await attachThemes(page, testInfo, "stream");
});
