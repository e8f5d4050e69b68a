import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { signDelivery } from "../runtime/http/delivery-signature.ts";
import {
  findRepeatedSteps,
  NITRO_ONLY_PORT,
  PRODUCTION_PORT,
  readRunEvents,
  ROOT,
  runBuild,
  startExpectingFailure,
  startProductionServer,
  TEST_SECRET,
  type ProductionServer,
} from "./support/production-server.ts";

// `vite build` of the playground, then `node .output/server/index.mjs`: no dev server involved.
test.describe.configure({ mode: "serial" });

const PLAYGROUND = join(ROOT, "playground");
const NITRO_ONLY = join(PLAYGROUND, "nitro-only");

let server: ProductionServer;
let dataDir: string;
let api: APIRequestContext;
let playgroundBuildMs = 0;

/** Records a measured figure in the test report. */
const report = (type: string, ms: number) => test.info().annotations.push({ type, description: `${Math.round(ms)} ms` });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  playgroundBuildMs = runBuild(["node_modules/vite/bin/vite.js", "build", "playground"], ROOT);
  dataDir = await mkdtemp(join(tmpdir(), "vite-workflow-production-"));
  server = await startProductionServer({ appDir: PLAYGROUND, port: PRODUCTION_PORT, dataDir });
  api = await playwrightRequest.newContext({ baseURL: server.url });
});

test.afterAll(async () => {
  await api?.dispose();
  await server?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startRun(name: string, args: unknown[]): Promise<string> {
  const response = await api.post(`/api/start/${name}`, { data: { args } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).runId;
}

async function waitForStatus(runId: string, status: string, timeout = 30_000): Promise<{ returnValue?: unknown }> {
  let summary: { status?: string; returnValue?: unknown } | undefined;
  await expect
    .poll(
      async () => {
        const response = await api.get(`/api/runs/${runId}`).catch(() => undefined);
        summary = response?.ok() ? await response.json() : undefined;
        return summary?.status;
      },
      { timeout, intervals: [100, 200, 250] },
    )
    .toBe(status);
  return summary!;
}

const open = (page: Page, path: string) => page.goto(`${server.url}/#/${path}`);

test.describe("the built playground", () => {
  test("the output mounts the well-known routes and holds no devtools", async () => {
    report("vite build of the playground", playgroundBuildMs);
    const files = await readdir(join(PLAYGROUND, ".output"), { recursive: true, withFileTypes: true });
    let source = "";
    for (const file of files) {
      if (file.isFile() && /\.(?:mjs|js|json|html)$/.test(file.name)) source += await readFile(join(file.parentPath, file.name), "utf8");
    }
    expect(source).not.toContain("__workflow/api");
    expect(source).toContain("/.well-known/workflow/v1/flow");
    expect(source).toContain("/.well-known/workflow/v1/webhook/:token");
    const devtools = await api.get("/__workflow/api/runs");
    expect(devtools.headers()["content-type"] ?? "").not.toContain("application/json");
  });

  test("greeting: a step in its own module", async ({ page }) => {
    await open(page, "greeting");
    await page.getByLabel("Name").fill("Ada");
    await page.getByRole("button", { name: "Greet" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText('"message": "Hello, Ada!"');
  });

  test("user signup: steps, a retry and a sleep; a FatalError fails the run", async ({ page }) => {
    await open(page, "signup");
    await page.getByLabel("Email").fill("flaky@example.com");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText('"status": "done"');

    await open(page, "signup");
    await page.getByLabel("Email").fill("nobody@example.invalid");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("failed");
    await expect(page.getByTestId("run-result")).toContainText("Cannot deliver the welcome email to nobody@example.invalid");
  });

  test("approval: a defineHook() hook resumed from a form", async ({ page }) => {
    await open(page, "approval");
    await page.getByRole("button", { name: "Request approval" }).click();
    await expect(page.getByTestId("approval-waiting")).toContainText("is waiting for approval");
    await page.getByLabel("Approver").fill("Grace");
    await page.getByLabel("Comment").fill("  Ship it  ");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText("published (approved by Grace)");
  });

  test("webhooks: default, static and manual responses through the public webhook route", async ({ page }) => {
    await open(page, "webhooks");
    for (const { mode, button, status, body } of [
      { mode: "default", button: "Start Default (202)", status: "HTTP 202", body: "" },
      { mode: "static", button: "Start Static respondWith", status: "HTTP 200", body: "Webhook received" },
      { mode: "manual", button: "Start Manual respondWith", status: "HTTP 200", body: "Processing urgently" },
    ]) {
      const section = page.getByTestId(`webhook-${mode}`);
      await section.getByRole("button", { name: button }).click();
      await expect(section.getByTestId(`webhook-url-${mode}`)).toContainText("/.well-known/workflow/v1/webhook/");
      await section.getByRole("button", { name: "Send request" }).click();
      await expect(section.getByTestId(`webhook-response-${mode}`)).toContainText(status);
      if (body) await expect(section.getByTestId(`webhook-response-${mode}`)).toContainText(body);
      await expect(section.getByTestId(`run-${mode}-status`)).toHaveText("completed");
    }
  });

  test("streaming: progress arrives while the run goes on", async ({ page }) => {
    await open(page, "streaming");
    await page.getByRole("button", { name: "Process 8 items" }).click();
    await expect(page.getByTestId("progress-line")).toHaveCount(8);
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText('"GRAPES"');
  });

  test("saga: a failed step runs the rollbacks", async ({ page }) => {
    await open(page, "saga");
    await page.getByLabel("Fail at").selectOption("ship");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("failed");
    await expect(page.getByTestId("run-result")).toContainText(/rolled back: refundPayment\(order-\w+\), releaseInventory\(order-\w+\)/);
  });

  test("parallel: Promise.all fans steps out", async ({ page }) => {
    await open(page, "parallel");
    await page.getByLabel("User id").fill("user-7");
    await page.getByRole("button", { name: "Fetch user data" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText('"user-7-order-1"');
  });

  test("birthday card: webhooks race a sleep", async ({ page }) => {
    await open(page, "birthday");
    await page.getByLabel("Birthday in seconds").fill("600");
    await page.getByRole("button", { name: "Make the card" }).click();
    for (const friend of ["alice", "bob"]) {
      const rsvp = page.getByRole("button", { name: `RSVP as ${friend}` });
      await expect(rsvp).toBeEnabled();
      await rsvp.click();
      await expect(page.getByRole("button", { name: `${friend} answered` })).toBeVisible();
    }
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText('"status": "Sent"');
  });

  test("durable sleep: a reminder", async ({ page }) => {
    await open(page, "reminder");
    await page.getByLabel("Message").fill("Feed the cat");
    await page.getByLabel("Delay").fill("1s");
    await page.getByRole("button", { name: "Schedule" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    await expect(page.getByTestId("run-result")).toContainText("delivered: Feed the cat");
  });
});

test.describe("delivery signatures on the built server", () => {
  const FLOW = "/.well-known/workflow/v1/flow";
  test("unsigned and tampered flow/step deliveries get 401 and change nothing; a signed one is accepted", async () => {
    const runId = await startRun("reminder", ["signed", "1s"]);
    await waitForStatus(runId, "completed");
    const before = readRunEvents(dataDir, runId).length;
    const body = JSON.stringify({ runId });
    const stepBody = JSON.stringify({ runId, correlationId: `step_${runId.slice(5)}_0`, stepName: "step//x//y", attempt: 1 });
    const deliveries: Array<{ route: string; data: string; headers: Record<string, string> }> = [
      { route: "flow", data: body, headers: {} },
      { route: "step", data: stepBody, headers: {} },
      { route: "flow", data: body, headers: { "x-workflow-signature": signDelivery("a-different-secret-123456", { path: FLOW, body }) } },
      { route: "flow", data: body, headers: { "x-workflow-signature": signDelivery(TEST_SECRET, { path: FLOW, body, timestamp: Date.now() - 10 * 60_000 }) } },
      { route: "flow", data: body, headers: { "x-workflow-signature": signDelivery(TEST_SECRET, { path: FLOW, body, timestamp: Date.now() + 4 * 60_000 }) } },
      { route: "flow", data: body.replace("}", ' }'), headers: { "x-workflow-signature": signDelivery(TEST_SECRET, { path: FLOW, body }) } },
      { route: "flow", data: body, headers: { "x-workflow-signature": signDelivery(TEST_SECRET, { path: "/.well-known/workflow/v1/step", body }) } },
    ];
    for (const { route, data, headers } of deliveries) {
      const response = await api.post(`/.well-known/workflow/v1/${route}`, { data, headers: { "content-type": "application/json", ...headers } });
      expect(response.status(), `${route} ${JSON.stringify(headers)}`).toBe(401);
    }
    expect(readRunEvents(dataDir, runId)).toHaveLength(before);

    const headers = { "content-type": "application/json", "x-workflow-signature": signDelivery(TEST_SECRET, { path: FLOW, body }) };
    const signed = await api.post(FLOW, { data: body, headers });
    expect(signed.status()).toBe(200);
    const replayed = await api.post(FLOW, { data: body, headers });
    expect(replayed.status()).toBe(409);
    expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe("ERR_DELIVERY_REPLAYED");
    expect(readRunEvents(dataDir, runId)).toHaveLength(before);
  });

  test("the server refuses to start without WORKFLOW_SECRET", async () => {
    const { status, output } = startExpectingFailure({ appDir: PLAYGROUND, port: PRODUCTION_PORT + 1, dataDir, env: { WORKFLOW_SECRET: undefined } });
    expect(status).not.toBe(0);
    expect(output).toContain("ERR_WORKFLOW_SECRET_MISSING");
    expect(output).toContain("WORKFLOW_SECRET is not set");
  });
});

test.describe("crash recovery of the built server", () => {
  test("SIGKILL while one run sleeps and another runs a step: both complete, no step repeated after completion", async () => {
    test.setTimeout(120_000);
    const sleeper = await startRun("reminder", ["Water the plants", "3s"]);
    const items = Array.from({ length: 30 }, (_, index) => `item-${index}`);
    const worker = await startRun("progress", [items]);
    await waitForStatus(sleeper, "running");

    // Kill the moment the worker's latest step event is a start without its completion: a step is running.
    await expect
      .poll(
        () => {
          const steps = readRunEvents(dataDir, worker).filter((event) => event.type.startsWith("step_"));
          const last = steps.at(-1);
          return steps.filter((event) => event.type === "step_completed").length >= 3 && last?.type === "step_started";
        },
        { timeout: 20_000, intervals: [5] },
      )
      .toBe(true);
    await server.kill();
    expect(readRunEvents(dataDir, sleeper).some((event) => event.type === "run_completed")).toBe(false);
    expect(readRunEvents(dataDir, worker).some((event) => event.type === "run_completed")).toBe(false);

    const restarted = performance.now();
    server = await startProductionServer({ appDir: PLAYGROUND, port: PRODUCTION_PORT, dataDir });
    await api.dispose();
    api = await playwrightRequest.newContext({ baseURL: server.url });

    const done = await waitForStatus(worker, "completed");
    report("restart to the interrupted run completed", performance.now() - restarted);
    expect(done.returnValue).toEqual({ processed: items.map((item) => item.toUpperCase()) });
    const reminded = await waitForStatus(sleeper, "completed");
    expect(JSON.stringify(reminded.returnValue)).toContain("delivered: Water the plants");

    for (const runId of [sleeper, worker]) expect(findRepeatedSteps(readRunEvents(dataDir, runId))).toEqual([]);
  });
});

test.describe("a Nitro app without Vite (nitro.config.ts + vite-workflow/nitro)", () => {
  for (const builder of ["rolldown", "rollup"]) {
    test(`nitro build (${builder}) runs the signup workflow to completion`, async () => {
      test.setTimeout(120_000);
      const buildMs = runBuild([join(ROOT, "node_modules/nitro/dist/cli/index.mjs"), "build"], NITRO_ONLY, { NITRO_BUILDER: builder });
      report(`nitro build (${builder})`, buildMs);
      const nitroData = await mkdtemp(join(tmpdir(), "vite-workflow-nitro-only-"));
      const app = await startProductionServer({ appDir: NITRO_ONLY, port: NITRO_ONLY_PORT, dataDir: nitroData });
      const client = await playwrightRequest.newContext({ baseURL: app.url });
      try {
        const started = await client.post("/api/signup", { data: { email: "hello@example.com" } });
        expect(started.status(), await started.text()).toBe(200);
        const { runId } = await started.json();
        let summary: { status?: string; returnValue?: { status?: string } } = {};
        await expect
          .poll(async () => (summary = await (await client.get(`/api/runs/${runId}`)).json()).status, { timeout: 20_000 })
          .toBe("completed");
        expect(summary.returnValue?.status).toBe("onboarded");
        expect(findRepeatedSteps(readRunEvents(nitroData, runId))).toEqual([]);
        const unsigned = await client.post("/.well-known/workflow/v1/flow", { data: { runId } });
        expect(unsigned.status()).toBe(401);
      } finally {
        await client.dispose();
        await app.kill();
        await rm(nitroData, { recursive: true, force: true });
      }
    });
  }
});
