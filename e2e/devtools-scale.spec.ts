import { expect, test, type APIRequestContext } from "@playwright/test";
import { openPanel } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

async function runCreatedAt(request: APIRequestContext, runId: string): Promise<number> {
  const response = await request.get(`/__workflow/api/runs/${runId}`);
  expect(response.ok()).toBe(true);
  const events: Array<{ type: string; createdAt: number }> = (await response.json()).events;
  return events.find((event) => event.type === "run_created")!.createdAt;
}

function percentile(values: number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

test("the events tab of a 300-step run is windowed and opens fast", async ({ page, request }) => {
  const runId = await startRun(request, "seq", [300]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}`);
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  const eventCount = Number(await page.getByRole("tab", { name: /events/ }).locator(".count").textContent());
  expect(eventCount).toBeGreaterThan(900);
  const openMs = await page.evaluate(async () => {
    const started = performance.now();
    (document.querySelector('[role="tab"]:nth-child(2)') as HTMLButtonElement).click();
    await new Promise<void>((resolve) => {
      const check = () => (document.querySelector(".event-log [data-event-type]") ? resolve() : requestAnimationFrame(check));
      check();
    });
    // Until the browser has painted the rows.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - started;
  });
  console.log(`events tab of seq(300) (${eventCount} events): open ${openMs.toFixed(0)} ms`);
  const rendered = await page.locator(".event-log [data-event-type]").count();
  expect(rendered).toBeLessThan(100);
  // Scrolling to the end brings the last events in.
  await page.locator(".ev-scroll").evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator(".event-log [data-event-type=run_completed]")).toBeVisible();
});

test("an open finished run does not re-render while nothing happens", async ({ page, request }) => {
  const runId = await startRun(request, "seq", [3]);
  await waitForStatus(request, runId, "completed");
  await openPanel(page, `#/runs/${runId}`);
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  await expect(page.locator('.wf-row.kind-step[data-status="completed"]')).toHaveCount(3);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const scriptSeconds = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((metric) => metric.name === "ScriptDuration")!.value;
  const scriptBefore = await scriptSeconds();
  const mutations = await page.evaluate(async () => {
    const detail = document.querySelector(".detail")!;
    let detailCount = 0;
    let pageCount = 0;
    const inDetail = new MutationObserver((records) => void (detailCount += records.length));
    const inPage = new MutationObserver((records) => void (pageCount += records.length));
    const options = { subtree: true, childList: true, attributes: true, characterData: true };
    inDetail.observe(detail, options);
    inPage.observe(document.body, options);
    // The measurement window itself: idle for five seconds.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    inDetail.disconnect();
    inPage.disconnect();
    return { detailCount, pageCount };
  });
  const scriptMs = (await scriptSeconds() - scriptBefore) * 1000;
  console.log(
    `idle finished run over 5 s: ${mutations.detailCount} DOM mutations in the run, ${mutations.pageCount} in the whole page, ` +
      `${scriptMs.toFixed(0)} ms of script`,
  );
  expect(mutations.detailCount).toBe(0);
});

test("hook activity of another run does not refetch the open run", async ({ page, request }) => {
  const runId = await startRun(request, "seq", [1]);
  await waitForStatus(request, runId, "completed");
  const fullLoads: string[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname === `/__workflow/api/runs/${runId}`) fullLoads.push(req.url());
  });
  await openPanel(page, `#/runs/${runId}`);
  await expect(page.locator(".run-header .badge").first()).toHaveText("completed");
  expect(fullLoads).toHaveLength(1);

  const token = `devtools-scope-${Date.now()}`;
  const other = await startRun(request, "hooked", [token]);
  await expect(page.locator(`.run-row[data-run-id="${other}"] .badge`)).toHaveText("running");
  const resumed = await request.post(`/__workflow/api/hooks/${encodeURIComponent(token)}/resume`, { data: { payload: "done" } });
  expect(resumed.ok(), await resumed.text()).toBe(true);
  // The list saw the other run end: every notice about it has reached the panel by now.
  await expect(page.locator(`.run-row[data-run-id="${other}"] .badge`)).toHaveText("completed");
  expect(fullLoads).toHaveLength(1);
});

test("live: a new run's row is in the DOM within a frame or two of its run_created event", async ({ page, request }) => {
  await openPanel(page);
  await page.evaluate(() => {
    // First time each run's row is in the DOM, and first time it shows its summary (workflow and status).
    const times = { seen: {} as Record<string, number>, complete: {} as Record<string, number> };
    (window as unknown as { rowTimes: typeof times }).rowTimes = times;
    const list = document.querySelector(".run-list")!;
    new MutationObserver(() => {
      const at = Date.now();
      for (const row of list.querySelectorAll(".run-row")) {
        const id = row.getAttribute("data-run-id");
        if (!id) continue;
        times.seen[id] ??= at;
        if (!row.classList.contains("placeholder")) times.complete[id] ??= at;
      }
    }).observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const runIds: string[] = [];
  for (let i = 0; i < 20; i++) runIds.push(await startRun(request, "seq", [1]));
  const rowTimes = () => page.evaluate(() => (window as unknown as { rowTimes: { seen: Record<string, number>; complete: Record<string, number> } }).rowTimes);
  await expect.poll(async () => {
    const times = await rowTimes();
    return runIds.filter((id) => !(id in times.complete)).length;
  }).toBe(0);
  const times = await rowTimes();
  const seen: number[] = [];
  const complete: number[] = [];
  for (const runId of runIds) {
    const createdAt = await runCreatedAt(request, runId);
    seen.push(times.seen[runId] - createdAt);
    complete.push(times.complete[runId] - createdAt);
  }
  const describe = (values: number[]) => `p50 ${percentile(values, 50)} ms, p90 ${percentile(values, 90)} ms, max ${Math.max(...values)} ms`;
  console.log(`live run_created → row in DOM over ${runIds.length} runs: ${describe(seen)}; row with its summary: ${describe(complete)}`);
  expect(percentile(seen, 90)).toBeLessThan(2000);
  // The summary needs one more round trip to a dev server that is also running the runs: a looser bound.
  expect(percentile(complete, 90)).toBeLessThan(5000);
});
