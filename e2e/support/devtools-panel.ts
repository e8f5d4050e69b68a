import type { Page, TestInfo } from "@playwright/test";

/** Opens the devtools panel at a hash route (`""` for the run list) in the given theme. */
export async function openPanel(page: Page, hash = "", theme: "light" | "dark" = "light"): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem("workflow-devtools-theme", value), theme);
  await page.goto(`/__workflow/${hash}`);
  await page.locator(".live-live").waitFor();
}

/** Attaches light and dark full-page screenshots of the panel's current view to the test report. */
export async function attachThemes(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((value) => {
      document.documentElement.dataset.theme = value;
    }, theme);
    await testInfo.attach(`${name}-${theme}`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  }
}

/** The waterfall row of the first item whose label matches. */
export function waterfallRow(page: Page, label: string | RegExp) {
  return page.locator(".wf-row").filter({ has: page.locator(".wf-label", { hasText: label }) }).first();
}
