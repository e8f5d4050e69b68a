import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/environment.ts";

/**
 * The framework fixtures under e2e/frameworks/ (install them first: e2e/frameworks/install.sh). One spec per
 * framework; each starts its own dev and production servers on its own ports, so specs run side by side.
 */
export default defineConfig({
  testDir: "e2e/frameworks",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: Number(process.env.E2E_FRAMEWORKS_WORKERS ?? 3),
  timeout: 300_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report-frameworks" }]],
  outputDir: "test-results/frameworks",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
});
