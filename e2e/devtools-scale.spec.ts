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

test("live: a new run's row is in the DOM soon after its run_created event", async ({ page, request }) => {
  await openPanel(page);
  await page.evaluate(() => {
    // First time each run's row is in the DOM.
    const seen: Record<string, number> = {};
    (window as unknown as { rowSeen: typeof seen }).rowSeen = seen;
    const list = document.querySelector(".run-list")!;
    new MutationObserver(() => {
      const at = Date.now();
      for (const row of list.querySelectorAll(".run-row")) {
        const id = row.getAttribute("data-run-id");
        if (id) seen[id] ??= at;
      }
    }).observe(list, { subtree: true, childList: true });
  });
  const runIds: string[] = [];
  for (let i = 0; i < 20; i++) runIds.push(await startRun(request, "seq", [1]));
  const rowSeen = () => page.evaluate(() => (window as unknown as { rowSeen: Record<string, number> }).rowSeen);
  await expect.poll(async () => {
    const seen = await rowSeen();
    return runIds.filter((id) => !(id in seen)).length;
  }).toBe(0);
  const seen = await rowSeen();
  const latencies: number[] = [];
  for (const runId of runIds) latencies.push(seen[runId] - (await runCreatedAt(request, runId)));
  const p50 = percentile(latencies, 50);
  const p90 = percentile(latencies, 90);
  console.log(`live run_created → row in DOM over ${latencies.length} runs: p50 ${p50} ms, p90 ${p90} ms, max ${Math.max(...latencies)} ms`);
  // The figure to watch is the one printed (the panel aims at a p90 within 100 ms); this bound only
  // catches a panel that falls back to polling or waits for a timer, with room for a loaded machine.
  expect(p90).toBeLessThan(1000);
});
