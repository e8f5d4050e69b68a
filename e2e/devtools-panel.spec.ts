import { expect, test, type APIRequestContext } from "@playwright/test";
import { formatClock, formatDuration } from "../devtools-ui/src/state/format.ts";
import { attachThemes, openPanel } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

interface LoggedEvent {
  type: string;
  createdAt: number;
  correlationId?: string;
  resumeAt?: number;
}

async function runEvents(request: APIRequestContext, runId: string): Promise<LoggedEvent[]> {
  const response = await request.get(`/__workflow/api/runs/${runId}`);
  expect(response.ok()).toBe(true);
  return (await response.json()).events;
}

test("a link to an older run scrolls the list to it and puts the keyboard cursor there", async ({ page, request }, testInfo) => {
  const older = await startRun(request, "seq", [1]);
  // Enough newer runs that the older one is far below the first screen of the list.
  for (let i = 0; i < 30; i++) await startRun(request, "seq", [1]);
  await waitForStatus(request, older, "completed");
  await openPanel(page, `#/runs/${older}`);
  const row = page.locator(`.run-row[data-run-id="${older}"]`);
  await expect(row).toHaveClass(/active/);
  await expect(row).toBeInViewport();
  // The keyboard cursor moves on from there.
  await page.locator(".detail h2").click();
  await page.keyboard.press("k");
  await expect(row).not.toHaveClass(/active/);
  await page.keyboard.press("j");
  await expect(row).toHaveClass(/active/);
  await attachThemes(page, testInfo, "older-run-linked");
});

test("the time axis starts when the run started, not when it was created", async ({ page, request }) => {
  const runId = await startRun(request, "par", [50]);
  await waitForStatus(request, runId, "completed");
  const events = await runEvents(request, runId);
  const started = events.find((event) => event.type === "run_started")!.createdAt;
  const ended = events.find((event) => event.type === "run_completed")!.createdAt;
  await openPanel(page, `#/runs/${runId}`);
  await expect(page.locator(".wf-axis .wf-label-col")).toHaveText(`50 items · ${formatDuration(ended - started)}`);
});

test("identical steps are numbered and show their arguments; long tokens keep their distinguishing end", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "par", [3]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}`);
  const rows = page.locator(".wf-row.kind-step");
  await expect(rows).toHaveCount(3);
  expect((await rows.locator(".ordinal").allTextContents()).map((text) => text.trim())).toEqual(["#1", "#2", "#3"]);
  expect((await rows.locator(".args-preview").allTextContents()).toSorted()).toEqual(["(0)", "(1)", "(2)"]);
  await attachThemes(page, testInfo, "numbered-steps");

  const token = `devtools-a-long-shared-token-prefix-${Date.now()}-first`;
  const hookRun = await startRun(request, "webhook-default", [token]);
  await openPanel(page, `#/runs/${hookRun}`);
  const label = page.locator(".wf-row.kind-webhook .wf-label");
  await expect(label).toHaveAttribute("title", token);
  await expect(label).toHaveText(/….*-first$/);
  // The label fits: no ellipsis hides its end.
  expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await request.post(`/__workflow/api/runs/${hookRun}/cancel`);
});

test("a sleeping step's row says when it wakes", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "reminder", ["devtools wake time", "1h"]);
  let resumeAt: number | undefined;
  await expect.poll(async () => (resumeAt = (await runEvents(request, runId)).find((event) => event.type === "wait_created")?.resumeAt)).toBeDefined();
  await openPanel(page, `#/runs/${runId}`);
  const wake = page.locator(".wf-row.kind-sleep .wake-time");
  await expect(wake).toHaveText(new RegExp(`^wakes ${formatClock(resumeAt)} · in 5[89]m$`));
  await attachThemes(page, testInfo, "sleep-wake-time");
  await request.post(`/__workflow/api/runs/${runId}/cancel`);
});

test("stack frames open in the editor through the API, never in a new tab; internal frames are folded", async ({ page, request, context }, testInfo) => {
  const runId = await startRun(request, "saga", ["order-editor", "charge"]);
  await waitForStatus(request, runId, "failed");
  await openPanel(page, `#/runs/${runId}`);
  const error = page.locator(".run-header .error-view").first();
  await expect(error.locator(".frame.internal summary").first()).toContainText(/\d+ internal frames?/);
  await expect(error.locator(".frame.internal .internal-frames").first()).toBeHidden();
  const opened = page.waitForResponse((response) => new URL(response.url()).pathname === "/__workflow/api/editor");
  await error.locator(".frame.user .frame-link").first().click();
  const response = await opened;
  expect(new URL(response.url()).searchParams.get("file")).toMatch(/order-saga\.ts$/);
  // The server answers with the editor it started, or with how to configure one; never a new tab.
  await expect(error.locator(".editor-status").first()).toHaveText(/^Opened in |LAUNCH_EDITOR/);
  expect(context.pages()).toHaveLength(1);
  await attachThemes(page, testInfo, "stack-frames");

  const outside = await request.get("/__workflow/api/editor?file=%2Fetc%2Fpasswd&line=1");
  expect(outside.status()).toBe(403);
  expect((await outside.json()).error.code).toBe("ERR_DEVTOOLS_OUTSIDE_PROJECT");
});

test("filters and the time-travel position live in the URL and survive reload and back", async ({ page, request }, testInfo) => {
  const runId = await startRun(request, "seq", [2]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page);
  await page.locator(".chips button", { hasText: "completed" }).click();
  await expect(page).toHaveURL(/#\/\?status=completed$/);
  await page.getByLabel("Filter by workflow").selectOption({ label: "seq" });
  await expect(page).toHaveURL(/#\/\?status=completed&workflow=workflow/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/\?status=completed$/);
  await expect(page.getByLabel("Filter by workflow")).toHaveValue("");
  await page.reload();
  await expect(page.locator(".chips button.active")).toContainText("completed");
  await page.getByLabel("Search runs").fill(runId);
  await expect(page.locator(".run-row")).toHaveCount(1);
  await page.locator(".run-row").click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}\\?status=completed&q=${runId}$`));

  await page.getByLabel("Event cursor").fill("2");
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}\\?status=completed&q=${runId}&at=2$`));
  await page.reload();
  await expect(page.locator(".time-travel.active")).toBeVisible();
  await expect(page.getByLabel("Event cursor")).toHaveValue("2");
  await expect(page.locator(".run-row")).toHaveCount(1);
  await attachThemes(page, testInfo, "filters-in-url");
  await page.getByRole("button", { name: "back to live" }).click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}\\?status=completed&q=${runId}$`));
});
