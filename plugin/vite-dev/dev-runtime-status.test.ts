import { afterEach, describe, expect, it } from "vitest";
import { createDevRuntimeStatusClient, serveDevRuntimeStatus } from "./dev-runtime-status.ts";

const closing: Array<{ close(): void }> = [];
afterEach(() => closing.splice(0).forEach((channel) => channel.close()));

describe("dev runtime status", () => {
  it("answers each query with the server's current check, error code and message included", async () => {
    let failure: Error | undefined = Object.assign(new Error("workflows/a.ts:1:1: Unexpected token"), { code: "ERR_WORKFLOW_BUILD_FAILED" });
    closing.push(serveDevRuntimeStatus(async () => {
      if (failure) throw failure;
    }));
    const client = createDevRuntimeStatusClient();
    closing.push(client);
    await expect(client.assertCanStart()).rejects.toMatchObject({ code: "ERR_WORKFLOW_BUILD_FAILED", message: "workflows/a.ts:1:1: Unexpected token" });
    failure = undefined;
    await expect(client.assertCanStart()).resolves.toBeUndefined();
  });

  it("lets starts through when no dev server answers", async () => {
    const client = createDevRuntimeStatusClient({ answerTimeoutMs: 20 });
    closing.push(client);
    await expect(client.assertCanStart()).resolves.toBeUndefined();
    await expect(client.assertCanStart()).resolves.toBeUndefined();
  });

  it("refuses starts with ERR_DEV_SERVER_CLOSED once the dev server closed, until another one answers", async () => {
    const server = serveDevRuntimeStatus(async () => undefined);
    const client = createDevRuntimeStatusClient({ answerTimeoutMs: 2_000 });
    closing.push(client);
    await expect(client.assertCanStart()).resolves.toBeUndefined();
    server.close();
    await expect(client.assertCanStart()).rejects.toMatchObject({ code: "ERR_DEV_SERVER_CLOSED" });
    closing.push(serveDevRuntimeStatus(async () => undefined));
    await expect(client.assertCanStart()).resolves.toBeUndefined();
  });
});
