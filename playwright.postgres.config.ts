import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/environment.ts";
import { E2E_POSTGRES_URL, newSchemaName, taggedUrl } from "./e2e/support/postgres-schema.ts";

// One fresh schema per test run, shared by the runner, its workers and the dev server through the
// environment; created by the global setup and dropped by the global teardown.
process.env.E2E_POSTGRES_SCHEMA ??= newSchemaName("e2e");
const SCHEMA = process.env.E2E_POSTGRES_SCHEMA;
// The specs read the dev server's port from E2E_PORT: this run's server has a port of its own.
const PORT = Number(process.env.E2E_POSTGRES_DEV_PORT ?? 4389);
process.env.E2E_PORT = String(PORT);

/**
 * The playground's main feature specs once more, with the dev server on the PostgreSQL world
 * (`WORKFLOW_TARGET_WORLD=postgres`) and Nitro's server routes in its worker thread (`NITRO_DEV_RUNNER=
 * node-worker`, where the plugin would choose Vite's own thread), plus the multi-instance takeover spec on
 * built servers (`*.postgres.spec.ts`). Needs PostgreSQL at `$WORKFLOW_TEST_POSTGRES_URL`, else
 * 127.0.0.1:5432/test.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: [
    "greeting.spec.ts",
    "signup.spec.ts",
    "approval.spec.ts",
    "webhooks.spec.ts",
    "streaming.spec.ts",
    "parallel.spec.ts",
    "saga.spec.ts",
    "birthday.spec.ts",
    "bench-routes.spec.ts",
    "devtools-live.spec.ts",
    "start-while-broken.spec.ts",
    "*.postgres.spec.ts",
  ],
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report/postgres" }]],
  outputDir: "test-results/postgres",
  globalSetup: "./e2e/support/postgres-global-setup.ts",
  globalTeardown: "./e2e/support/postgres-global-teardown.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `node node_modules/vite/bin/vite.js playground --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/api/health`,
    env: {
      NITRO_DEV_RUNNER: "node-worker",
      WORKFLOW_TARGET_WORLD: "postgres",
      WORKFLOW_POSTGRES_URL: taggedUrl(SCHEMA),
      WORKFLOW_POSTGRES_SCHEMA: SCHEMA,
      WORKFLOW_TEST_POSTGRES_URL: E2E_POSTGRES_URL,
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
