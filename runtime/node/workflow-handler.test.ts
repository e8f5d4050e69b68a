import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, onTestFinished, test } from "vitest";
import { getRuntime, setRuntime, setRuntimeInstaller } from "../engine/default-runtime.ts";
import { createMemoryWorld } from "../world/memory/create-memory-world.ts";
import { closeWorkflowRuntime, registerEmbeddedWorkflows, startWorkflowRuntime } from "./start-workflow-runtime.ts";
import { isWorkflowPath, workflowHandler } from "./workflow-handler.ts";
import { workflowMiddleware } from "./workflow-middleware.ts";

const EMPTY_BUNDLE = { code: "", map: null };
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await closeWorkflowRuntime();
  setRuntimeInstaller(undefined);
  setRuntime(undefined);
  delete process.env.WORKFLOW_SECRET;
});

describe("vite-workflow/node", () => {
  test("isWorkflowPath accepts the well-known routes only", () => {
    expect(isWorkflowPath("/.well-known/workflow/v1/webhook/abc")).toBe(true);
    expect(isWorkflowPath("http://localhost:3000/.well-known/workflow/v1/flow?x=1")).toBe(true);
    expect(isWorkflowPath("/.well-known/workflow/v10/flow")).toBe(false);
    expect(isWorkflowPath("/api/orders")).toBe(false);
  });

  test("without a runtime or an embedded bundle the routes answer 503 with a code", async () => {
    const response = await workflowHandler(new Request("http://localhost/.well-known/workflow/v1/webhook/abc"));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "ERR_RUNTIME_NOT_CONFIGURED" } });
  });

  test("an embedded bundle starts the runtime on first use, once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "workflow-node-"));
    process.env.WORKFLOW_EMBEDDED_DATA_DIR = dataDir;
    onTestFinished(() => {
      delete process.env.WORKFLOW_EMBEDDED_DATA_DIR;
      rmSync(dataDir, { recursive: true, force: true });
    });
    registerEmbeddedWorkflows({ workflowBundle: EMPTY_BUNDLE, stepModules: [] });
    const first = getRuntime();
    expect(getRuntime()).toBe(first);
    await closeWorkflowRuntime();
  });

  test("/flow and /step are not served without WORKFLOW_SECRET; unknown webhooks get 404", async () => {
    await startWorkflowRuntime({ workflowBundle: EMPTY_BUNDLE, world: createMemoryWorld() });
    const flow = await workflowHandler(new Request("http://localhost/.well-known/workflow/v1/flow", { method: "POST", body: "{}" }));
    expect(flow.status).toBe(404);
    expect(await flow.json()).toMatchObject({ error: { code: "ERR_NOT_FOUND", message: expect.stringContaining("WORKFLOW_SECRET") } });
    const webhook = await workflowHandler(new Request("http://localhost/.well-known/workflow/v1/webhook/nobody", { method: "POST" }));
    expect(webhook.status).toBe(404);
  });

  test("with WORKFLOW_SECRET an unsigned delivery is refused with 401", async () => {
    process.env.WORKFLOW_SECRET = "a-secret-long-enough-for-signing";
    await startWorkflowRuntime({ workflowBundle: EMPTY_BUNDLE, world: createMemoryWorld() });
    const flow = await workflowHandler(new Request("http://localhost/.well-known/workflow/v1/flow", { method: "POST", body: "{}" }));
    expect(flow.status).toBe(401);
  });

  test("the Node middleware serves workflow paths and passes the others on", async () => {
    await startWorkflowRuntime({ workflowBundle: EMPTY_BUNDLE, world: createMemoryWorld() });
    const middleware = workflowMiddleware();
    server = createServer((request, response) => middleware(request, response, () => response.writeHead(200).end("app")));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${base}/api/anything`)).text()).toBe("app");
    const webhook = await fetch(`${base}/.well-known/workflow/v1/webhook/nobody`, { method: "POST", body: "payload" });
    expect(webhook.status).toBe(404);
  });
});
