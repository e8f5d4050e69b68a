import { expect, test, type APIRequestContext } from "@playwright/test";
import { startRun, waitForStatus } from "./support/run-api.ts";

// The playground's POST routes (which users copy) read their bodies through one guarded reader.

const MIB = 1024 * 1024;

async function runCount(request: APIRequestContext): Promise<number> {
  const response = await request.get("/__workflow/api/runs?limit=100");
  return ((await response.json()) as { data: unknown[] }).data.length;
}

async function post(request: APIRequestContext, path: string, body: string, contentType?: string) {
  // A Buffer goes out byte for byte; Playwright would JSON-encode a string sent as application/json.
  const response = await request.post(path, { data: Buffer.from(body), headers: contentType ? { "content-type": contentType } : {} });
  const text = await response.text();
  return { status: response.status(), type: response.headers()["content-type"] ?? "", error: (JSON.parse(text) as { error?: string }).error ?? "" };
}

test("POST routes refuse non-JSON, malformed and oversized bodies with clear JSON errors and start nothing", async ({ request }) => {
  const token = `input-${Date.now()}`;
  const hookRun = await startRun(request, "hooked", [token]);
  await expect.poll(async () => (await request.get(`/api/hooks/${token}`)).status()).toBe(200);
  const before = await runCount(request);

  for (const path of ["/api/start/greeting", `/api/hooks/${token}`, "/api/approval/doc-1"]) {
    // A cross-site form or fetch may post text/plain without asking first; JSON it may not.
    const plain = await post(request, path, '{"args":["x"],"payload":1}', "text/plain");
    expect({ path, ...plain }).toEqual({ path, status: 415, type: expect.stringContaining("json"), error: expect.stringContaining("Content-Type: application/json") });
    expect((await post(request, path, '{"args":')).status, path).toBe(415);

    const malformed = await post(request, path, '{"args": [1,', "application/json");
    expect({ path, ...malformed }).toEqual({ path, status: 400, type: expect.stringContaining("json"), error: expect.stringContaining("not valid JSON") });

    const huge = await post(request, path, JSON.stringify({ args: ["x".repeat(2 * MIB)], payload: 1 }), "application/json");
    expect({ path, ...huge }).toEqual({ path, status: 413, type: expect.stringContaining("json"), error: expect.stringContaining("1 MiB") });
  }
  expect((await post(request, "/api/start/greeting", "[1]", "application/json")).error).toContain('{"args": [...]}');
  expect((await post(request, `/api/hooks/${token}`, "{}", "application/json")).error).toContain('{"payload": ...}');

  expect(await runCount(request)).toBe(before);
  expect((await request.get(`/api/hooks/${token}`)).status()).toBe(200);

  // A body just under the limit is accepted, with a charset parameter on the type.
  const justUnder = await request.post(`/api/hooks/${token}`, {
    data: Buffer.from(JSON.stringify({ payload: "y".repeat(MIB - 100) })),
    headers: { "content-type": "application/json; charset=utf-8" },
  });
  expect(justUnder.status()).toBe(200);
  expect(((await waitForStatus(request, hookRun, "completed")).returnValue as string).length).toBe(MIB - 100);
});

test("a hook token with malformed percent-encoding answers 400, not 500", async ({ request }) => {
  for (const method of ["get", "post"] as const) {
    const response = await request[method]("/api/hooks/%E0%A4%A", method === "post" ? { data: { payload: 1 } } : {});
    expect({ method, status: response.status() }).toEqual({ method, status: 400 });
  }
});
