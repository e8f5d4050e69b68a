import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_PORT } from "./e2e/support/environment.ts";

// One fresh data dir per test run, shared by the runner and its workers through the environment, and
// removed when the runner that created it exits (after the dev server using it has stopped).
if (process.env.E2E_DATA_DIR === undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), "vite-workflow-e2e-"));
  process.env.E2E_DATA_DIR = dataDir;
  process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
}

/**
 * End-to-end tests: the playground (`vite playground`, Vite + Nitro + the workflow plugin) in Debian's
 * Chromium. Specs run one at a time: they share one dev server, and one of them edits a step file.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Specs on the PostgreSQL world run under playwright.postgres.config.ts, the framework fixtures under
  // playwright.frameworks.config.ts.
  testIgnore: ["**/*.postgres.spec.ts", /\/e2e\/frameworks\//],
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `node node_modules/vite/bin/vite.js playground --port ${E2E_PORT} --strictPort`,
    url: `http://localhost:${E2E_PORT}/api/health`,
    env: { WORKFLOW_EMBEDDED_DATA_DIR: process.env.E2E_DATA_DIR },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
