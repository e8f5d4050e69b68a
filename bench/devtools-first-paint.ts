import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/environment.ts";
import { createDevtoolsMiddleware } from "../runtime/devtools-api/create-devtools-middleware.ts";
import { createFsWorld } from "../runtime/world/fs/create-fs-world.ts";
import type { BenchRow } from "./index.ts";
import { median } from "./median.ts";

const TARGET = "≤ 300 ms";
const WARM_SAMPLES = 5;

/**
 * Time from navigation to the first run row in the DOM, read in the page (`performance.now()` counts from
 * the navigation's start), for the panel served by its own middleware over the store in `dataDir`.
 */
export async function measureFirstPaint(dataDir: string, count: number, port: number | undefined): Promise<BenchRow[]> {
  // The index file is what a dev server restarted over this store finds: build it first, as the dev server had.
  const before = await createFsWorld({ dataDir });
  await before.listRuns({ limit: 1 });
  await before.close();

  const world = await createFsWorld({ dataDir });
  const devtools = createDevtoolsMiddleware({ world });
  const server = createServer((req, res) => devtools(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__workflow/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const state = window as unknown as { firstRowAt?: number };
      new MutationObserver((_records, observer) => {
        if (!document.querySelector(".run-row")) return;
        state.firstRowAt = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    const firstRow = async () => {
      await page.goto(url);
      await page.locator(".run-row").first().waitFor();
      const at = await page.evaluate(() => (window as unknown as { firstRowAt: number }).firstRowAt);
      // The panel goes on loading the other pages; the next sample starts once it has them all, as a user
      // opening the panel on an idle dev server would.
      await page.waitForFunction((total) => document.querySelector(".chips .chip .count")?.textContent === String(total), count, { timeout: 120_000 });
      return at;
    };
    const cold = await firstRow();
    const warm: number[] = [];
    for (let i = 0; i < WARM_SAMPLES; i++) warm.push(await firstRow());
    return [
      { name: `panel first row, server's first request [${count} runs, fs]`, value: cold, unit: "ms", target: TARGET },
      { name: `panel first row, median of ${WARM_SAMPLES} later opens [${count} runs, fs]`, value: median(warm), unit: "ms", target: TARGET },
    ];
  } finally {
    await browser.close();
    devtools.close();
    await new Promise((resolve) => server.close(resolve));
    await world.close();
  }
}
