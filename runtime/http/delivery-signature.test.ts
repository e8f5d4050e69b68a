import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { start } from "../api/index.ts";
import { createTestRuntime, loadFixture } from "../engine/__fixtures__/harness.ts";
import { createWorkflowApp } from "./create-workflow-app.ts";
import { SIGNATURE_HEADER, SIGNATURE_MAX_AGE_MS, signDelivery, verifyDeliverySignature } from "./delivery-signature.ts";
import { resolveDeliverySecret } from "./delivery-signature-secret.ts";
import { MAX_BODY_BYTES } from "./read-json-body.ts";

const SECRET = "test-secret-0123456789abcdef";

describe("verifyDeliverySignature", () => {
  const body = JSON.stringify({ runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA" });
  const now = 1_750_000_000_000;

  test.each([
    ["a valid signature", signDelivery(SECRET, body, now), body, undefined],
    ["no header", null, body, "missing"],
    ["an unparseable header", "sha256=abc", body, "malformed"],
    ["another body", signDelivery(SECRET, body, now), body.replace("A", "B"), "mismatch"],
    ["another secret", signDelivery("another-secret-0123456789", body, now), body, "mismatch"],
    ["a timestamp moved after signing", signDelivery(SECRET, body, now).replace(`t=${now}`, `t=${now + 1}`), body, "mismatch"],
    ["an old signature", signDelivery(SECRET, body, now - SIGNATURE_MAX_AGE_MS - 1), body, "stale"],
    ["a signature from the future", signDelivery(SECRET, body, now + SIGNATURE_MAX_AGE_MS + 1), body, "stale"],
  ])("%s", (_name, header, received, problem) => {
    expect(verifyDeliverySignature(header, received, { secret: SECRET, now })).toBe(problem);
  });
});

describe("resolveDeliverySecret", () => {
  test("returns the secret from WORKFLOW_SECRET", () => {
    expect(resolveDeliverySecret({ WORKFLOW_SECRET: SECRET })).toBe(SECRET);
  });

  test.each([[{}], [{ WORKFLOW_SECRET: "" }], [{ WORKFLOW_SECRET: "short" }]])("refuses %j with a clear error", (env) => {
    expect(() => resolveDeliverySecret(env)).toThrow(expect.objectContaining({ code: "ERR_WORKFLOW_SECRET_MISSING" }));
    expect(() => resolveDeliverySecret(env)).toThrow(/WORKFLOW_SECRET .*#err_workflow_secret_missing/s);
  });
});

describe("signed well-known routes", () => {
  let fixture: Awaited<ReturnType<typeof loadFixture>>;
  let env: Awaited<ReturnType<typeof createTestRuntime>>;
  let app: ReturnType<typeof createWorkflowApp>;

  beforeAll(async () => {
    fixture = await loadFixture("basic.ts");
    // Not consuming: a run only moves when a delivery is accepted, so a rejected one provably changes nothing.
    env = await createTestRuntime(fixture.bundle, { consume: false });
    app = createWorkflowApp(env.runtime, { deliverySecret: SECRET });
  });
  afterAll(() => env?.close());

  const deliver = (route: string, body: string, signature?: string) =>
    app.fetch(
      new Request(`http://localhost/.well-known/workflow/v1/${route}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) },
      }),
    );

  test("unsigned, stale and tampered deliveries get 401 and leave the run untouched; a signed one runs it", async () => {
    const run = await start(fixture.module.seq, [2]);
    const body = JSON.stringify({ runId: run.runId });
    const eventsBefore = await env.world.readEvents(run.runId);
    const other = await start(fixture.module.seq, [1]);

    const rejected = [
      await deliver("flow", body),
      await deliver("flow", body, "t=1,v1=zz"),
      await deliver("flow", body, signDelivery(SECRET, body, Date.now() - SIGNATURE_MAX_AGE_MS - 1_000)),
      await deliver("flow", body, signDelivery("not-the-secret-0123456789", body)),
      // A valid signature for another run's body, replayed with this run's body.
      await deliver("flow", body, signDelivery(SECRET, JSON.stringify({ runId: other.runId }))),
      await deliver("step", JSON.stringify({ runId: run.runId, correlationId: `step_${run.runId.slice(5)}_0`, stepName: "step//x//y" })),
    ];
    for (const response of rejected) {
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ERR_DELIVERY_SIGNATURE_INVALID");
    }
    expect(await env.world.readEvents(run.runId)).toEqual(eventsBefore);
    expect((await env.world.getRun(run.runId))?.status).toBe("pending");

    const accepted = await deliver("flow", body, signDelivery(SECRET, body));
    expect(accepted.status).toBe(200);
    await expect(run.returnValue).resolves.toBe(2);
  });

  test("a signed delivery still gets the usual validation", async () => {
    const body = "{not json";
    const response = await deliver("flow", body, signDelivery(SECRET, body));
    expect(response.status).toBe(400);
  });

  test("an oversized delivery answers 413 before its signature is checked", async () => {
    const body = "x".repeat(MAX_BODY_BYTES + 1);
    const response = await deliver("flow", body, signDelivery(SECRET, body));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ERR_HTTP_BODY_TOO_LARGE");
  });

  test("webhooks stay public: no signature is asked for", async () => {
    const response = await app.fetch(new Request("http://localhost/.well-known/workflow/v1/webhook/unknown-token", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
  });
});
