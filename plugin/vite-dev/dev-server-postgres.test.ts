import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createServer, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { apiRoutes } from "../../playground/plain-vite/api-routes-plugin.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "../../runtime/world/postgres/testing/temp-postgres.ts";
import { SOURCE_ALIASES } from "../../vitest.config.ts";
import { workflow } from "../vite.ts";

const FIXTURE = fileURLToPath(new URL("../../playground/plain-vite", import.meta.url));
const available = await isPostgresAvailable();
const db = createTempPostgres("devserver");
const WORLD_ENV = ["WORKFLOW_TARGET_WORLD", "WORKFLOW_EMBEDDED_DATA_DIR", "WORKFLOW_POSTGRES_URL", "WORKFLOW_POSTGRES_SCHEMA"];
const savedEnv = Object.fromEntries(WORLD_ENV.map((name) => [name, process.env[name]]));

let server: ViteDevServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function startFixture(): Promise<string> {
  delete process.env.WORKFLOW_EMBEDDED_DATA_DIR;
  server = await createServer({
    root: FIXTURE,
    configFile: false,
    logLevel: "silent",
    resolve: { alias: SOURCE_ALIASES },
    plugins: [workflow({ world: { target: "postgres", url: TEST_POSTGRES_URL, schema: db.schema }, compat: false }), apiRoutes()],
    server: { port: 0, host: "127.0.0.1", watch: null },
  });
  await server.listen();
  return server.resolvedUrls!.local[0]!.replace(/\/$/, "");
}

/** Reads SSE events from `response` until `done` says enough. */
async function readEvents(response: Response, done: (events: Array<{ event: string; data: string }>) => boolean) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ event: string; data: string }> = [];
  let buffer = "";
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1];
      if (event) events.push({ event, data: /^data: ?(.*)$/m.exec(block)?.[1] ?? "" });
    }
  }
  await reader.cancel();
  return events;
}

describe.runIf(available)("workflow:dev-server with world: { target: \"postgres\" }", () => {
  it("runs workflows on the database, publishes it for other threads, and never uses a data dir", async () => {
    const base = await startFixture();
    expect(process.env.WORKFLOW_TARGET_WORLD).toBe("postgres");
    expect(process.env.WORKFLOW_POSTGRES_SCHEMA).toBe(db.schema);
    expect(process.env.WORKFLOW_EMBEDDED_DATA_DIR).toBeUndefined();

    // The panel's change feed is open before the run starts: the world's watch() must carry its changes.
    const feed = await fetch(`${base}/__workflow/api/events`);
    expect(feed.headers.get("content-type")).toContain("text/event-stream");
    let runId = "";
    const changed = readEvents(feed, (events) => events.some((e) => e.event === "changed" && runId !== "" && e.data.includes(runId)));

    const started = await fetch(`${base}/api/hello?name=pg`, { method: "POST" });
    expect(started.status, await started.clone().text()).toBe(200);
    runId = (await started.json()).runId;
    expect((await changed).some((e) => e.event === "changed" && JSON.parse(e.data).runs.includes(runId))).toBe(true);

    let run: { status?: string; returnValue?: unknown } = {};
    for (let attempt = 0; attempt < 200 && run.status !== "completed"; attempt++) {
      run = await (await fetch(`${base}/api/runs/${runId}`)).json();
      if (run.status !== "completed") await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(run).toEqual({ status: "completed", returnValue: "HELLO, PG!" });

    const stored = await db.sql(`select status from "${db.schema}".runs where run_id = $1`, [runId]);
    expect(stored.rows).toEqual([{ status: "completed" }]);
    const listed = await (await fetch(`${base}/__workflow/api/runs`)).json();
    expect(listed.data.map((item: { runId: string }) => item.runId)).toEqual([runId]);
    expect(existsSync(join(FIXTURE, ".workflow-data"))).toBe(false);
  });
});
