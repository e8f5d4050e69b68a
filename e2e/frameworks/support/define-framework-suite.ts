import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { runFixtureBuild, startFixtureServer, TEST_SECRET, type FixtureServer } from "./fixture-server.ts";
import type { Framework } from "./frameworks.ts";

/** Starts the fixture's greeting workflow through its own route and waits for the run's result. */
async function runGreeting(api: APIRequestContext, baseURL: string, name: string, timeout = 60_000): Promise<unknown> {
  const started = await api.post(`${baseURL}/api/start?name=${name}`, { data: {} });
  expect(started.status(), await started.text()).toBe(200);
  const { runId } = await started.json();
  expect(runId).toMatch(/^wrun_/);
  let result: { status?: string; returnValue?: unknown } = {};
  await expect
    .poll(
      async () => {
        const response = await api.get(`${baseURL}/api/result?runId=${runId}`);
        result = response.ok() ? await response.json() : {};
        return result.status;
      },
      { timeout, intervals: [100, 250, 500] },
    )
    .toBe("completed");
  return result.returnValue;
}

/**
 * The checks every fixture passes: in dev, a run started from the framework's route completes, the panel is
 * served, and a step edit takes effect without a restart; in production, after the framework's Node build,
 * the same run completes and an unsigned step delivery is refused.
 */
export function defineFrameworkSuite(framework: Framework): void {
  test.describe(framework.name, () => {
    test.describe.configure({ mode: "serial" });
    let dataDir: string;

    test.beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), `vite-workflow-${framework.name}-`));
    });
    test.afterAll(async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    test("dev: a run from the framework's route completes, the panel is served, a step edit applies", async ({ page, request }) => {
      test.setTimeout(240_000);
      const stepFile = join(framework.appDir, "workflows/steps.ts");
      const original = await readFile(stepFile, "utf8");
      let server: FixtureServer | undefined;
      try {
        const launched = performance.now();
        server = await startFixtureServer({
          appDir: framework.appDir,
          command: framework.dev(framework.devPort),
          port: framework.devPort,
          env: { WORKFLOW_EMBEDDED_DATA_DIR: join(dataDir, "dev") },
          probePath: "/__workflow/",
          timeoutMs: 120_000,
        });
        expect(await runGreeting(request, server.url, "dev")).toBe("hello dev!");
        test.info().annotations.push({ type: "dev: first run completed", description: `${Math.round(performance.now() - launched)} ms after launch` });

        await page.goto(`${server.url}/__workflow/`);
        await expect(page).toHaveTitle("Workflow devtools");
        await page.locator(".live-live").waitFor();

        await writeFile(stepFile, original.replace("`hello ${name}`", "`howdy ${name}`"));
        // The step module is re-imported asynchronously: start runs until one uses the new code.
        await expect(async () => {
          expect(await runGreeting(request, server!.url, "edit", 10_000)).toBe("howdy edit!");
        }).toPass({ timeout: 60_000 });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- ${framework.name} dev server output ---\n${server?.output() ?? ""}`, { cause: error });
      } finally {
        await writeFile(stepFile, original);
        await server?.kill();
      }
    });

    test("production: the Node build serves the same run and refuses unsigned step deliveries", async ({ request }) => {
      test.setTimeout(300_000);
      const buildMs = runFixtureBuild(framework.appDir, framework.build, { NODE_ENV: "production" });
      test.info().annotations.push({ type: "production build", description: `${Math.round(buildMs)} ms` });
      let server: FixtureServer | undefined;
      try {
        server = await startFixtureServer({
          appDir: framework.appDir,
          command: framework.start,
          port: framework.productionPort,
          env: { WORKFLOW_EMBEDDED_DATA_DIR: join(dataDir, "production"), WORKFLOW_SECRET: TEST_SECRET, NODE_ENV: "production" },
          probePath: "/",
          timeoutMs: 60_000,
        });
        expect(await runGreeting(request, server.url, "prod")).toBe("hello prod!");
        const unsigned = await request.post(`${server.url}/.well-known/workflow/v1/step`, { data: { runId: "wrun_x" } });
        expect(unsigned.status()).toBe(401);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- ${framework.name} production server output ---\n${server?.output() ?? ""}`, { cause: error });
      } finally {
        await server?.kill();
      }
    });
  });
}
