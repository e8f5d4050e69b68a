import { expect, test } from "@playwright/test";
import { attachThemes, openPanel } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

interface Detail {
  events: Array<{ type: string; correlationId?: string; origin?: { runId: string; fromStepCorrelationId?: string; reused: string[] } }>;
}

test("a re-run from a step links back to its origin and marks the steps it reused", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [4]);
  await waitForStatus(request, runId, "completed");
  const detail = (await (await request.get(`/__workflow/api/runs/${runId}`)).json()) as Detail;
  const from = detail.events.filter((event) => event.type === "step_created")[2].correlationId!;
  await openPanel(page, `#/runs/${runId}/steps/${from}`);
  await page.getByRole("button", { name: /Re-run from this step/ }).click();
  await expect(page).not.toHaveURL(new RegExp(runId));
  const newRunId = /#\/runs\/([^/]+)/.exec(page.url())![1];
  await waitForStatus(request, newRunId, "completed");

  const copy = (await (await request.get(`/__workflow/api/runs/${newRunId}`)).json()) as Detail;
  const origin = copy.events[0].origin!;
  expect(origin).toMatchObject({ runId, fromStepCorrelationId: from });
  const steps = copy.events.filter((event) => event.type === "step_created").map((event) => event.correlationId!);
  expect(origin.reused).toEqual(steps.slice(0, 2));

  const header = page.locator(".run-origin");
  await expect(header).toContainText(`Re-run of ${runId}`);
  await expect(header).toContainText(from);
  for (const [index, stepId] of steps.entries()) {
    const pill = page.locator(`.wf-row[data-item-id="${stepId}"] .reused-pill`);
    await expect(pill).toHaveCount(index < 2 ? 1 : 0);
  }
  await attachThemes(page, testInfo, "rerun-origin");
  await header.getByRole("link", { name: runId }).click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}$`));
  await expect(page.locator(".run-origin")).toHaveCount(0);
  // The origin lists its re-run, which links forward.
  const reruns = page.locator(".run-reruns");
  await expect(reruns.locator(".rerun")).toHaveCount(1);
  await expect(reruns.locator(".rerun .badge")).toHaveText("completed");
  await reruns.getByRole("link", { name: newRunId }).click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${newRunId}$`));
  await expect(page.locator(".run-reruns")).toHaveCount(0);
});

test("a plain re-run links back to its origin and reuses nothing", async ({ page, request }) => {
  const runId = await startRun(request, "seq", [2]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}`);
  await page.getByRole("button", { name: /^↻ Re-run$/ }).click();
  await expect(page).not.toHaveURL(new RegExp(`#/runs/${runId}$`));
  const newRunId = /#\/runs\/([^/]+)/.exec(page.url())![1];
  await waitForStatus(request, newRunId, "completed");
  await expect(page.locator(".run-origin")).toHaveText(`Re-run of ${runId}`);
  await expect(page.locator(".reused-pill")).toHaveCount(0);
  // A second re-run of the same origin: the origin lists both, newest first.
  const second = (await (await request.post(`/__workflow/api/runs/${runId}/rerun`)).json()).runId as string;
  await openPanel(page, `#/runs/${runId}`);
  await expect(page.locator(".run-reruns .rerun a")).toHaveText([second, newRunId]);
});
