import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createWorld } from "../world/create-world.ts";
import { createDevtoolsApi } from "./create-devtools-api.ts";
import { createTestWorld } from "./testing/create-test-world.ts";

const ORIGIN = "http://localhost:5173";
const RUN = "wrun_01JAAAAAAAAAAAAAAAAAAAAAAA";
const open: Array<{ close(): void }> = [];
afterEach(() => open.splice(0).forEach((api) => api.close()));

function setup(base?: string) {
  const api = createDevtoolsApi({ world: createTestWorld(), changeWindowMs: 5, base });
  open.push(api);
  return async (path: string, method = "GET") => {
    const body = method === "POST" ? "{}" : undefined;
    const response = await api.fetch(
      new Request(`${ORIGIN}${path}`, { method, body, headers: { host: "localhost:5173", "content-type": "application/json" } }),
    );
    const json = (await response.json()) as { error?: { code: string; message: string } };
    return { status: response.status, contentType: response.headers.get("content-type"), error: json.error };
  };
}

// Each route family, reached with a path that normalises outside the API or with broken percent-encoding.
const ESCAPING = [
  "/__workflow/api/streams/a/../../../../etc/passwd",
  "/__workflow/api/runs/x/../../../../etc/passwd",
  "/__workflow/api/hooks/../../x",
  "/__workflow/api/../index.html",
  "/__workflow/api/streams/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
];
const MALFORMED = [
  "/__workflow/api/streams/%E0%A4%A",
  "/__workflow/api/streams/ok/%ZZ",
  "/__workflow/api/runs/%E0%A4%A",
  `/__workflow/api/runs/${RUN}/events%`,
  `/__workflow/api/runs/${RUN}/cancel%ZZ`,
  `/__workflow/api/runs/${RUN}/rerun-from/step_%C0`,
  `/__workflow/api/runs/${RUN}/wake/wait_%ff%`,
  "/__workflow/api/hooks/%E0%A4%A/resume",
  "/__workflow/api/events%E0",
  "/__workflow/api/workflows%",
];

describe("devtools API: request paths", () => {
  it.each(ESCAPING.flatMap((path) => [[path, "GET"], [path, "POST"]]))("%s (%s) normalising outside the API answers 404 JSON", async (path, method) => {
    const { status, contentType, error } = await setup()(path, method);
    expect(status).toBe(404);
    expect(contentType).toContain("application/json");
    expect(error?.code).toBe("ERR_DEVTOOLS_NOT_FOUND");
    expect(error?.message).toMatch(/outside the devtools API \(\/__workflow\/api\/\)/);
  });

  it.each(MALFORMED.flatMap((path) => [[path, "GET"], [path, "POST"]]))("%s (%s) with malformed percent-encoding answers 400 JSON", async (path, method) => {
    const { status, contentType, error } = await setup()(path, method);
    expect(status).toBe(400);
    expect(contentType).toContain("application/json");
    expect(error?.code).toBe("ERR_DEVTOOLS_BAD_REQUEST");
    expect(error?.message).toMatch(/Malformed percent-encoding in the request path .*encodeURIComponent/);
  });

  it("an unknown route inside the API still answers 404 naming the route", async () => {
    const { status, error } = await setup()("/__workflow/api/nope", "DELETE");
    expect(status).toBe(404);
    expect(error).toEqual({ code: "ERR_DEVTOOLS_NOT_FOUND", message: expect.stringContaining("Unknown devtools API route") });
  });

  it("a list cursor the world refuses answers 400, not 500", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "devtools-paths-"));
    const world = await createWorld({ dataDir });
    const api = createDevtoolsApi({ world, changeWindowMs: 5 });
    try {
      for (const query of ["cursor=../../x", "cursor=%ZZ", "search=a&cursor=zz"]) {
        const response = await api.fetch(new Request(`${ORIGIN}/__workflow/api/runs?${query}`, { headers: { host: "localhost:5173" } }));
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
        const { error } = (await response.json()) as { error: { code: string; message: string } };
        expect(error.code).toBe("ERR_DEVTOOLS_BAD_REQUEST");
        expect(error.message).toContain("invalid cursor");
      }
    } finally {
      api.close();
      await world.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("mounted without a base, broken paths get the same answers", async () => {
    const call = setup("");
    expect((await call("/runs/%E0%A4%A")).status).toBe(400);
    expect((await call("/streams/a/../../x")).error?.code).toBe("ERR_DEVTOOLS_NOT_FOUND");
  });
});
