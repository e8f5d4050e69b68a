import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { start } from "../api/index.ts";
import { createTestRuntime, loadFixture } from "../engine/__fixtures__/harness.ts";
import { createWorkflowApp } from "./create-workflow-app.ts";
import { SIGNATURE_HEADER, SIGNATURE_MAX_AGE_MS, SIGNATURE_MAX_FUTURE_MS, signDelivery, verifyDeliverySignature } from "./delivery-signature.ts";
import { resolveDeliverySecret } from "./delivery-signature-secret.ts";
import { MAX_BODY_BYTES } from "./read-json-body.ts";

const SECRET = "test-secret-0123456789abcdef";

describe("verifyDeliverySignature", () => {
  const body = JSON.stringify({ runId: "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA" });
  const path = "/.well-known/workflow/v1/flow";
  const now = 1_750_000_000_000;
  const id = "delivery-0001";
  const sign = (overrides: Partial<Parameters<typeof signDelivery>[1]> = {}, secret = SECRET) =>
    signDelivery(secret, { path, body, id, timestamp: now, ...overrides });
  const request = { method: "POST", path, body };

  test.each([
    ["a valid signature", sign(), request, undefined],
    ["a valid signature made from the absolute URL", sign({ path: `https://app.example${path}` }), request, undefined],
    ["no header", null, request, "missing"],
    ["an unparseable header", "sha256=abc", request, "malformed"],
    ["the previous header format (no delivery id)", sign().replace(`,id=${id}`, ""), request, "malformed"],
    ["another body", sign(), { ...request, body: body.replace("A", "B") }, "mismatch"],
    ["another secret", sign({}, "another-secret-0123456789"), request, "mismatch"],
    ["another path (a flow signature sent to /step)", sign(), { ...request, path: "/.well-known/workflow/v1/step" }, "mismatch"],
    ["another method", sign(), { ...request, method: "PUT" }, "mismatch"],
    ["a delivery id changed after signing", sign().replace(`id=${id}`, "id=delivery-0002"), request, "mismatch"],
    ["a timestamp moved after signing", sign().replace(`t=${now}`, `t=${now + 1}`), request, "mismatch"],
    ["an old signature", sign({ timestamp: now - SIGNATURE_MAX_AGE_MS - 1 }), request, "stale"],
    ["a signature 31 s in the future", sign({ timestamp: now + SIGNATURE_MAX_FUTURE_MS + 1 }), request, "future"],
    ["a signature 4 minutes in the future", sign({ timestamp: now + 4 * 60_000 }), request, "future"],
  ])("%s", (_name, header, received, problem) => {
    expect(verifyDeliverySignature(header, received, { secret: SECRET, now }).problem).toBe(problem);
  });

  test("a valid signature yields its delivery id and time; a fresh id is drawn for each signature", () => {
    expect(verifyDeliverySignature(sign(), request, { secret: SECRET, now })).toEqual({ problem: undefined, id, timestamp: now });
    expect(signDelivery(SECRET, { path, body })).not.toBe(signDelivery(SECRET, { path, body }));
  });

  test("refuses to sign with a delivery id that is not URL-safe", () => {
    expect(() => signDelivery(SECRET, { path, body, id: "a,v1=b" })).toThrow(/Delivery id/);
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

function signFor(route: string, body: string, extra: { timestamp?: number; id?: string } = {}, secret = SECRET): string {
  return signDelivery(secret, { path: `/.well-known/workflow/v1/${route}`, body, ...extra });
}

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
      await deliver("flow", body, signFor("flow", body, { timestamp: Date.now() - SIGNATURE_MAX_AGE_MS - 1_000 })),
      await deliver("flow", body, signFor("flow", body, { timestamp: Date.now() + 4 * 60_000 })),
      await deliver("flow", body, signFor("flow", body, {}, "not-the-secret-0123456789")),
      // A valid signature for another run's body, replayed with this run's body.
      await deliver("flow", body, signFor("flow", JSON.stringify({ runId: other.runId }))),
      // A valid step delivery (body and signature) sent to the flow route.
      await deliver("flow", body, signFor("step", body)),
      await deliver("step", JSON.stringify({ runId: run.runId, correlationId: `step_${run.runId.slice(5)}_0`, stepName: "step//x//y" })),
    ];
    for (const response of rejected) {
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ERR_DELIVERY_SIGNATURE_INVALID");
    }
    expect(await env.world.readEvents(run.runId)).toEqual(eventsBefore);
    expect((await env.world.getRun(run.runId))?.status).toBe("pending");

    const accepted = await deliver("flow", body, signFor("flow", body));
    expect(accepted.status).toBe(200);
    await expect(run.returnValue).resolves.toBe(2);
  });

  test("a delivery replayed with its signature (even concurrently) gets 409 and changes nothing", async () => {
    const run = await start(fixture.module.seq, [1]);
    const body = JSON.stringify({ runId: run.runId });
    const signature = signFor("flow", body);
    const [first, concurrent] = await Promise.all([deliver("flow", body, signature), deliver("flow", body, signature)]);
    expect([first.status, concurrent.status].toSorted()).toEqual([200, 409]);
    await expect(run.returnValue).resolves.toBe(1);
    const eventsAfter = await env.world.readEvents(run.runId);

    const replayed = await deliver("flow", body, signature);
    expect(replayed.status).toBe(409);
    const { error } = (await replayed.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("ERR_DELIVERY_REPLAYED");
    expect(error.message).toMatch(/already accepted.*new id/);
    expect(await env.world.readEvents(run.runId)).toEqual(eventsAfter);
    // A fresh signature of the same body is a new delivery.
    expect((await deliver("flow", body, signFor("flow", body))).status).toBe(200);
  });

  test("a signed delivery still gets the usual validation", async () => {
    const body = "{not json";
    const response = await deliver("flow", body, signFor("flow", body));
    expect(response.status).toBe(400);
  });

  test("an oversized delivery answers 413 before its signature is checked", async () => {
    const body = "x".repeat(MAX_BODY_BYTES + 1);
    const response = await deliver("flow", body, signFor("flow", body));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ERR_HTTP_BODY_TOO_LARGE");
  });

  test("webhooks stay public: no signature is asked for", async () => {
    const response = await app.fetch(new Request("http://localhost/.well-known/workflow/v1/webhook/unknown-token", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
  });
});
