import { afterEach, describe, expect, it } from "vitest";
import { createDevStartClient, devStartChannelName, isPlainData, serveDevStarts, type StartTarget } from "./dev-start-channel.ts";

const closing: Array<{ close(): void }> = [];
afterEach(() => closing.splice(0).forEach((channel) => channel.close()));

/** A dev server runtime that records what it was asked to start. */
function fakeRuntime(url = "http://localhost:5173") {
  const started: Array<{ workflowName: string; args: unknown[]; idempotencyKey?: string }> = [];
  const target: StartTarget = {
    url,
    async start(workflowName, args, options) {
      if (workflowName === "broken") throw Object.assign(new Error("workflows/a.ts:1:1: Unexpected token"), { code: "ERR_WORKFLOW_BUILD_FAILED" });
      started.push({ workflowName, args, idempotencyKey: options.idempotencyKey });
      return { runId: `wrun_${started.length}`, created: true };
    },
  };
  return { target, started };
}

describe("dev start channel", () => {
  it("starts runs in the dev server's runtime, with their arguments and idempotency key", async () => {
    const name = devStartChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: "/a" });
    const { target, started } = fakeRuntime();
    closing.push(serveDevStarts(name, target));
    const client = createDevStartClient(name);
    closing.push(client);
    const args = [1, "two", { at: new Date(0), tags: new Set(["x"]) }];
    await expect(client.start("workflow//a.ts//f", args, { idempotencyKey: "k" }, "http://localhost:5173")).resolves.toEqual({ runId: "wrun_1", created: true });
    expect(started).toEqual([{ workflowName: "workflow//a.ts//f", args, idempotencyKey: "k" }]);
  });

  it("passes the server's error on, and leaves other origins and non-plain arguments to the caller", async () => {
    const name = devStartChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: "/b" });
    const { target, started } = fakeRuntime();
    closing.push(serveDevStarts(name, target));
    const client = createDevStartClient(name);
    closing.push(client);
    await expect(client.start("broken", [], {}, undefined)).rejects.toMatchObject({ code: "ERR_WORKFLOW_BUILD_FAILED" });
    await expect(client.start("workflow//a.ts//f", [], {}, "http://127.0.0.1:9999")).resolves.toBeUndefined();
    await expect(client.start("workflow//a.ts//f", [new ReadableStream()], {}, undefined)).resolves.toBeUndefined();
    expect(started).toEqual([]);
  });

  it("refuses with ERR_DEV_SERVER_CLOSED when no dev server answers", async () => {
    const client = createDevStartClient(devStartChannelName({ WORKFLOW_EMBEDDED_DATA_DIR: "/nobody" }), 50);
    closing.push(client);
    await expect(client.start("workflow//a.ts//f", [], {}, undefined)).rejects.toMatchObject({ code: "ERR_DEV_SERVER_CLOSED" });
  });
});

describe("isPlainData", () => {
  it("accepts what crosses threads unchanged and nothing else", () => {
    expect(isPlainData([null, undefined, 1, "s", true, 10n, [1], { a: { b: [] } }, new Date(), new Map([["k", 1]]), Object.create(null)])).toBe(true);
    expect(isPlainData([() => 1])).toBe(false);
    expect(isPlainData([new (class Point {
      x = 1;
    })()])).toBe(false);
    expect(isPlainData([new URL("http://x")])).toBe(false);
    expect(isPlainData([{ [Symbol("s")]: 1 }])).toBe(false);
    expect(isPlainData([{ get lazy() { return 1; } }])).toBe(false);
  });
});
