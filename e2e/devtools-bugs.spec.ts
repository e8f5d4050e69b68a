import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { formatDuration } from "../devtools-ui/src/state/format.ts";
import { attachThemes, openPanel } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

interface LoggedEvent {
  type: string;
  createdAt: number;
  correlationId?: string;
  stepName?: string;
}

async function runEvents(request: APIRequestContext, runId: string): Promise<LoggedEvent[]> {
  const response = await request.get(`/__workflow/api/runs/${runId}`);
  expect(response.ok()).toBe(true);
  return (await response.json()).events;
}

/** The run header's "Duration" value. */
function durationFact(page: Page) {
  return page.locator(".run-header .facts dt", { hasText: /^Duration$/ }).locator("xpath=following-sibling::dd[1]");
}

test("Enter and j/k on a focused button belong to the button, not to the run list", async ({ page, request }) => {
  await startRun(request, "seq", [1]);
  await openPanel(page);
  await expect(page.locator(".run-row").first()).toHaveClass(/active/);
  const chip = page.locator(".chips button").first();
  await chip.focus();
  await page.keyboard.press("j");
  await expect(page.locator(".run-row").first()).toHaveClass(/active/);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Toggle theme" }).focus();
  await page.keyboard.press("Enter");
  // Both buttons did their own thing; neither opened the highlighted run.
  await expect(page.locator(".detail.empty h3")).toHaveText("Select a run");
  expect(new URL(page.url()).hash).toMatch(/^(#\/?)?$/);
  // Away from controls the list keys still work.
  await page.locator(".detail.empty").click();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#\/runs\/wrun_/);
});

test("resuming a defineHook() hook from the panel goes through its schema", async ({ page, request }, testInfo) => {
  const documentId = `devtools-schema-${Date.now()}`;
  const runId = await startRun(request, "approval", [documentId]);
  await openPanel(page, `#/runs/${runId}/hooks`);
  const card = page.locator(`.hook-card[data-token="approval:${documentId}"]`);
  await expect(card.locator(".badge")).toHaveText("waiting");
  await card.locator("textarea").fill("{}");
  await card.getByRole("button", { name: "Resume hook" }).click();
  await expect(card.getByRole("status")).toContainText("Expected { approved: boolean, approvedBy: string, comment?: string }");
  await attachThemes(page, testInfo, "hook-schema-rejected");
  expect((await waitForStatus(request, runId, "running")).status).toBe("running");
  await expect(card.locator(".badge")).toHaveText("waiting");
  // A valid payload is delivered as the schema returns it (the comment trimmed).
  await card.locator("textarea").fill('{"approved": true, "approvedBy": "panel", "comment": "  ok  "}');
  await card.getByRole("button", { name: "Resume hook" }).click();
  const summary = await waitForStatus(request, runId, "completed");
  expect(summary.returnValue).toMatchObject({ documentId, approved: true, approvedBy: "panel", comment: "ok" });
});

test("time travel shows the run's duration up to the chosen event", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "hooked", [`devtools-travel-${Date.now()}`]);
  await openPanel(page, `#/runs/${runId}`);
  const events = await runEvents(request, runId);
  const startedIndex = events.findIndex((event) => event.type === "run_started");
  // The cursor goes on the run's start; the last event (the hook) stays ahead of it.
  expect(startedIndex).toBeGreaterThan(0);
  expect(startedIndex).toBeLessThan(events.length - 1);
  // Wait until the live duration reads in seconds: longer than the few milliseconds up to the hook.
  await expect(durationFact(page)).toHaveText(/^\d+\.\d+s$/);
  await page.getByLabel("Event cursor").fill(String(startedIndex));
  await expect(page.locator(".time-travel.active")).toBeVisible();
  await expect(durationFact(page)).toHaveText(formatDuration(0));
  await attachThemes(page, testInfo, "time-travel-duration");
});

test("the hooks of an ended run are shown as disposed, not waiting", async ({ page, request }, testInfo) => {
  const token = `devtools-ended-${Date.now()}`;
  const runId = await startRun(request, "hooked", [token]);
  await openPanel(page, `#/runs/${runId}/hooks`);
  const card = page.locator(`.hook-card[data-token="${token}"]`);
  await expect(card.locator(".badge")).toHaveText("waiting");
  const cancelled = await request.post(`/__workflow/api/runs/${runId}/cancel`);
  expect(cancelled.ok(), await cancelled.text()).toBe(true);
  await expect(page.locator(".run-header .badge").first()).toHaveText("cancelled");
  await expect(card.locator(".badge")).toHaveText("disposed");
  await page.getByRole("tab", { name: /timeline/ }).click();
  // Long tokens are shortened in the row's label; the full token is its title.
  await expect(page.locator(`.wf-row:has(.wf-label[title="${token}"])`)).toHaveAttribute("data-status", "disposed");
  await attachThemes(page, testInfo, "ended-hooks");
});

test("a step that failed once and then completed labels the error with its attempt", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "signup", [`flaky-${Date.now()}@example.com`]);
  await waitForStatus(request, runId, "completed");
  const events = await runEvents(request, runId);
  const step = events.find((event) => event.type === "step_created" && event.stepName?.endsWith("sendWelcomeEmail"))!;
  await openPanel(page, `#/runs/${runId}/steps/${step.correlationId}`);
  const panel = page.locator(".item-panel");
  await expect(panel.locator(".badge").first()).toHaveText("completed");
  await expect(panel.locator(".attempt-error > summary")).toHaveText("attempt 1 failed, then retried");
  // The completed step's earlier error is not shown as the step's error.
  await expect(panel.locator(".error-view")).toBeHidden();
  await panel.locator(".attempt-error > summary").click();
  await expect(panel.locator(".error-view")).toContainText("The mail server is busy");
  await attachThemes(page, testInfo, "attempt-error");
});

test("a link to a step the run does not have says it is not found", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [1]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}/steps/step_unknown`);
  await expect(page.locator(".item-panel.not-found")).toContainText("Step not found");
  await expect(page.locator(".item-panel.not-found")).toContainText("step_unknown");
  await attachThemes(page, testInfo, "step-not-found");
});

test("cancel asks for confirmation in the panel and can be dismissed", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "hooked", [`devtools-confirm-${Date.now()}`]);
  await openPanel(page, `#/runs/${runId}`);
  await page.getByRole("button", { name: /Cancel/ }).click();
  const confirmation = page.getByRole("alertdialog", { name: "Cancel this run?" });
  await expect(confirmation).toBeVisible();
  await attachThemes(page, testInfo, "cancel-confirmation");
  await confirmation.getByRole("button", { name: "Keep running" }).click();
  await expect(confirmation).toBeHidden();
  await expect(page.locator(".run-header .badge").first()).toHaveText("running");
  await page.getByRole("button", { name: /Cancel/ }).click();
  await confirmation.getByRole("button", { name: "Yes, cancel run" }).click();
  await expect(page.locator(".run-header .badge").first()).toHaveText("cancelled");
  await waitForStatus(request, runId, "cancelled");
});

test("an earlier, slower answer for the open run does not overwrite a newer one", async ({ page, request }) => {
  const token = `slow-answer-${Date.now()}`;
  const runId = await startRun(request, "hooked", [token]);
  await expect.poll(async () => (await request.get(`/api/hooks/${token}`)).status()).toBe(200);
  // The panel's first read of the run is answered as the run is now (waiting), but held back until the
  // panel has read the completed run for the notice of its end.
  let staleFetched!: () => void;
  const fetched = new Promise<void>((resolve) => (staleFetched = resolve));
  let releaseStale!: () => void;
  const released = new Promise<void>((resolve) => (releaseStale = resolve));
  let reads = 0;
  await page.route(`**/__workflow/api/runs/${runId}`, async (route) => {
    if (++reads > 1) return route.continue();
    const stale = await route.fetch();
    staleFetched();
    await released;
    return route.fulfill({ response: stale });
  });
  await openPanel(page, `#/runs/${runId}`);
  await fetched;
  expect((await request.post(`/api/hooks/${token}`, { data: { payload: "done" } })).status()).toBe(200);
  await waitForStatus(request, runId, "completed");
  const badge = page.locator(".run-header .badge").first();
  await expect(badge).toHaveText("completed");

  const staleAnswer = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith(`/runs/${runId}`));
  releaseStale();
  await (await staleAnswer).finished();
  // Two frames: the answer's JSON is read and any render it caused is done.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await badge.textContent()).toBe("completed");
});
