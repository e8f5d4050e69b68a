import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { start } from "../api/index.ts";
import { createTestRuntime, loadFixture } from "../engine/__fixtures__/harness.ts";
import { createWorkflowApp } from "./create-workflow-app.ts";
import { MAX_BODY_BYTES } from "./read-json-body.ts";
import { MAX_WEBHOOK_BODY_BYTES } from "./webhook-route.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
let app: ReturnType<typeof createWorkflowApp>;

beforeAll(async () => {
  fixture = await loadFixture("basic.ts");
  env = await createTestRuntime(fixture.bundle);
  app = createWorkflowApp(env.runtime);
});
afterAll(() => env?.close());

const post = (path: string, body: string) =>
  app.fetch(new Request(`http://localhost/.well-known/workflow/v1/${path}`, { method: "POST", body, headers: { "content-type": "application/json" } }));

/** A webhook request whose `size`-byte body is streamed, so it carries no `content-length`. */
const streamed = (size: number) =>
  new Request("http://localhost/.well-known/workflow/v1/webhook/any-token", {
    method: "POST",
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(size));
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);

describe("well-known routes", () => {
  test.each([
    ["flow", "{not json", 400, "ERR_HTTP_INVALID_JSON"],
    ["flow", "[1]", 400, "ERR_HTTP_INVALID_BODY"],
    ["flow", JSON.stringify({ runId: "../../etc" }), 400, "ERR_HTTP_INVALID_BODY"],
    ["flow", JSON.stringify({ runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA" }), 404, "ERR_RUN_NOT_FOUND"],
    ["step", JSON.stringify({ runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA", correlationId: "step_x_1", stepName: "s" }), 404, "ERR_RUN_NOT_FOUND"],
    ["step", JSON.stringify({ runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA", correlationId: "step_x_1", stepName: "s", attempt: 0 }), 400, "ERR_HTTP_INVALID_BODY"],
    ["step", "x".repeat(MAX_BODY_BYTES + 1), 413, "ERR_HTTP_BODY_TOO_LARGE"],
  ])("%s %s → %i", async (route, body, status, code) => {
    const response = await post(route, body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  test("a flow delivery for a known run answers 200 and a duplicate step delivery changes nothing", async () => {
    const run = await start(fixture.module.seq, [2]);
    await run.returnValue;
    const flow = await post("flow", JSON.stringify({ runId: run.runId }));
    expect(flow.status).toBe(200);
    const before = (await env.world.readEvents(run.runId))!.length;
    const step = await post("step", JSON.stringify({ runId: run.runId, correlationId: `step_${run.runId.slice(5)}_0`, stepName: "step//x//y", attempt: 1 }));
    expect(step.status).toBe(200);
    expect((await env.world.readEvents(run.runId))!.length).toBe(before);
  });

  test("bodies over the limit answer 413, also when streamed without a content-length", async () => {
    const request = streamed(MAX_WEBHOOK_BODY_BYTES + 1);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await app.fetch(request);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ERR_HTTP_BODY_TOO_LARGE");
    // Within the limit, the same request reaches the hook lookup (an unknown token answers 404).
    expect((await app.fetch(streamed(16))).status).toBe(404);
  });

  test("unknown routes are not served", async () => {
    const response = await app.fetch(new Request("http://localhost/.well-known/workflow/v1/other", { method: "POST" }));
    expect(response.status).toBe(404);
  });
});
