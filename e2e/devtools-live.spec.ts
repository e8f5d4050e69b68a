import { expect, test } from "@playwright/test";
import { attachThemes, openPanel } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

test("a run started from the app appears live and its steps fill in as they complete", async ({ page, request }, testInfo) => {
  await openPanel(page);
  const runId = await startRun(request, "seq", [5]);
  const row = page.locator(`.run-row[data-run-id="${runId}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}$`));
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  await expect(page.locator('.wf-row.kind-step[data-status="completed"]')).toHaveCount(5);
  await expect(page.locator(".run-header")).toContainText("seq");
  await attachThemes(page, testInfo, "run-completed");
});

test("steps appear while a run is still going", async ({ page, request }, testInfo) => {
  const token = `live-${Date.now()}`;
  const runId = await startRun(request, "live-steps", [token]);
  await openPanel(page, `#/runs/${runId}`);
  // The run waits on its hook until the test resumes it, so all of this is seen while it is running.
  await expect(page.locator('.wf-row.kind-step[data-status="completed"]')).toHaveCount(2);
  await expect(page.locator('.wf-row.kind-hook[data-status="waiting"]')).toBeVisible();
  await expect(page.locator(".run-header .badge").first()).toHaveText("running");
  await attachThemes(page, testInfo, "run-waiting-on-hook");

  const resumed = await request.post(`/api/hooks/${token}`, { data: { payload: { add: 10 } } });
  expect(resumed.status(), await resumed.text()).toBe(200);
  await expect(page.locator('.wf-row.kind-step[data-status="completed"]')).toHaveCount(3);
  await expect(page.locator('.wf-row.kind-hook[data-status="received"]')).toBeVisible();
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  expect((await waitForStatus(request, runId, "completed")).returnValue).toBe(12);
});

test("a failed run shows its error and a stack pointing at the workflow file", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "saga", ["order-e2e", "charge"]);
  await waitForStatus(request, runId, "failed");
  await openPanel(page, `#/runs/${runId}`);
  // The run's error (thrown by the workflow after its rollbacks), then the step's FatalError as its cause.
  const error = page.locator(".run-header .error-view").first();
  await expect(error.locator(".error-message").first()).toHaveText("Card declined for order-e2e; rolled back: releaseInventory(order-e2e)");
  await expect(error.locator(".frame.user").first()).toContainText("order-saga.ts:31:");
  const cause = error.locator(".cause .error-view");
  await expect(cause.locator(".error-title")).toContainText("FatalError");
  await expect(cause.locator(".error-message")).toHaveText("Card declined for order-e2e");
  await expect(cause.locator(".frame.user").first()).toContainText("order-saga.ts:42:");
  await attachThemes(page, testInfo, "run-failed");
});

test("deep links open the right run, step and tab", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [2]);
  await waitForStatus(request, runId, "completed");
  const detail = await (await request.get(`/__workflow/api/runs/${runId}`)).json();
  const stepId = detail.events.find((event: { type: string }) => event.type === "step_created").correlationId;

  await openPanel(page, `#/runs/${runId}/steps/${stepId}`, "dark");
  await expect(page.locator(".item-panel")).toContainText(stepId);
  await expect(page.locator(`.wf-row[data-item-id="${stepId}"]`)).toHaveClass(/selected/);
  await attachThemes(page, testInfo, "deep-link-step");

  await page.goto(`/__workflow/#/runs/${runId}/events`);
  await expect(page.locator(".event-log [data-event-type=run_completed]")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/#\/$/);
  await page.goto("/__workflow/#/runs/wrun_00000000000000000000000000");
  await expect(page.getByText("Run not found")).toBeVisible();
});

test("keyboard: / searches, j/k move, enter opens, esc goes back", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [1]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page);
  await page.keyboard.press("/");
  const search = runId.slice(-10);
  await page.keyboard.type(search);
  await expect(page.locator(".run-row")).toHaveCount(1);
  await attachThemes(page, testInfo, "run-list-search");
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}\\?q=${search}$`));
  await page.keyboard.press("Escape");
  // Back on the list, the search is still applied.
  await expect(page).toHaveURL(new RegExp(`#/\\?q=${search}$`));
  await expect(page.locator(".run-row")).toHaveCount(1);
});

test("the panel follows the system colour scheme until the user picks a theme", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/__workflow/");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  // A later visit with a dark system scheme is dark: merely opening the panel remembers nothing.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  // An explicit choice is remembered across visits.
  await page.getByRole("button", { name: "Toggle theme" }).click();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

test("a live run shows in a searched list only when it matches the search, by id, name or input", async ({ page, request }) => {
  const token = `live-search-${Date.now()}`;
  await openPanel(page, `#/?q=${token}`);
  const other = await startRun(request, "seq", [1]);
  await waitForStatus(request, other, "completed");
  const matching = await startRun(request, "hooked", [token]);
  // Found by its input only: the server answers that part of the search.
  await expect(page.locator(`.run-row[data-run-id="${matching}"] .badge`)).toHaveText("running");
  await expect(page.locator(`.run-row[data-run-id="${other}"]`)).toHaveCount(0);
  await expect(page.locator(".run-row")).toHaveCount(1);
  const resumed = await request.post(`/__workflow/api/hooks/${encodeURIComponent(token)}/resume`, { data: { payload: "done" } });
  expect(resumed.ok(), await resumed.text()).toBe(true);
  await expect(page.locator(`.run-row[data-run-id="${matching}"] .badge`)).toHaveText("completed");
  await page.getByRole("searchbox", { name: "Search runs" }).fill("");
  await expect(page.locator(`.run-row[data-run-id="${other}"] .badge`)).toHaveText("completed");
});
