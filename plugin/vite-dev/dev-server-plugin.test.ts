import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createServer, type Plugin, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { apiRoutes } from "../../playground/plain-vite/api-routes-plugin.ts";
import { SOURCE_ALIASES } from "../../vitest.config.ts";
import { workflow } from "../vite.ts";

const FIXTURE = fileURLToPath(new URL("../../playground/plain-vite", import.meta.url));

const LAUNCHER = '<script type="module" src="/__workflow/launcher.js"></script>';

/** The headers a browser sends when it loads a page (the launcher goes only into those). */
const PAGE_LOAD = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "sec-fetch-dest": "document" };

/** Pages rendered by the app's own middleware, as an SSR framework serves them. */
function htmlPages(): Plugin {
  return {
    name: "test:html-pages",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url === "/ssr-page") {
          const html = "<!doctype html><html><body><h1>SSR</h1></body></html>";
          res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
          return res.end(html);
        }
        if (req.url === "/ssr-stream") {
          res.setHeader("content-type", "text/html");
          res.write("<!doctype html><html><body><p>one</p>");
          res.write(Buffer.from("<p>two</p>"));
          return res.end("</body></html>");
        }
        if (req.url === "/ssr-raw-headers") {
          // As srvx (Nitro, h3) sends a web Response: a flat header list, the body written, then end(callback).
          const html = "<!doctype html><html><body><p>raw</p></body></html>";
          res.writeHead(200, "OK", ["Content-Type", "text/html", "Content-Length", String(Buffer.byteLength(html))]);
          res.write(html);
          return res.end(() => undefined);
        }
        if (req.url === "/ssr-json") {
          res.setHeader("content-type", "application/json");
          return res.end('{"html":"</body>"}');
        }
        next();
      });
    },
  };
}

let server: ViteDevServer | undefined;
const tempDirs: string[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Starts the plain-Vite fixture on port 0 with a fresh data dir; returns its base URL. */
async function startFixture(devtools?: boolean): Promise<string> {
  const dataDir = await tempDir("plain-vite-");
  server = await createServer({
    root: FIXTURE,
    configFile: false,
    logLevel: "silent",
    // Package specifiers (`workflow/api` included) resolve to the TypeScript sources, so the test needs no
    // build; the compat aliases would send `workflow/api` to the package's built entry instead.
    resolve: { alias: SOURCE_ALIASES },
    plugins: [workflow({ dataDir, compat: false, devtools }), apiRoutes(), htmlPages()],
    server: { port: 0, host: "127.0.0.1", watch: null },
  });
  await server.listen();
  return server.resolvedUrls!.local[0]!.replace(/\/$/, "");
}

async function waitForCompletion(base: string, runId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const run = await (await fetch(`${base}/api/runs/${runId}`)).json();
    if (run.status === "completed" || run.status === "failed") return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Run ${runId} did not finish`);
}

describe("workflow:dev-server in a plain Vite app", () => {
  it("runs a workflow started from a configureServer route to completion", async () => {
    const base = await startFixture();

    const started = await fetch(`${base}/api/hello?name=vite`, { method: "POST" });
    expect(started.status, await started.clone().text()).toBe(200);
    const { runId } = await started.json();
    expect(runId).toMatch(/^wrun_/);

    expect(await waitForCompletion(base, runId)).toEqual({ status: "completed", returnValue: "HELLO, VITE!" });
  });

  it("mounts the well-known routes and leaves other paths to the app", async () => {
    const base = await startFixture();

    // The runtime's flow route answers (and rejects a body without a run id); the app's own 404 does not.
    const flow = await fetch(`${base}/.well-known/workflow/v1/flow`, { method: "POST", body: "{}" });
    expect(flow.status).toBe(400);
    const unknown = await fetch(`${base}/api/unknown`);
    expect(unknown.status).toBe(404);
  });

  it("serves the devtools panel and its same-origin API, and injects the launcher into pages", async () => {
    const base = await startFixture();
    const { runId } = await (await fetch(`${base}/api/hello?name=panel`, { method: "POST" })).json();
    await waitForCompletion(base, runId);

    const panel = await fetch(`${base}/__workflow/`);
    expect(panel.headers.get("content-type")).toContain("text/html");
    const runs = await (await fetch(`${base}/__workflow/api/runs`)).json();
    expect(runs.data.map((run: { runId: string }) => run.runId)).toContain(runId);
    const workflows = await (await fetch(`${base}/__workflow/api/workflows`)).json();
    expect(JSON.stringify(workflows)).toContain("workflow//workflows/hello.ts//");

    // A page on another origin can neither read runs nor act on them.
    const foreign = { origin: "http://evil.example", "sec-fetch-site": "cross-site" };
    expect((await fetch(`${base}/__workflow/api/runs`, { headers: foreign })).status).toBe(403);
    expect((await fetch(`${base}/__workflow/api/runs/${runId}/rerun`, { method: "POST", headers: foreign })).status).toBe(403);

    // Pages an app renders itself (as SSR frameworks do, without `transformIndexHtml`) get the launcher too,
    // when a browser loads them as a page.
    const load = (path: string) => fetch(`${base}${path}`, { headers: PAGE_LOAD });
    const page = await load("/ssr-page");
    const body = await page.text();
    expect(body).toBe(`<!doctype html><html><body><h1>SSR</h1>${LAUNCHER}</body></html>`);
    expect(Number(page.headers.get("content-length"))).toBe(Buffer.byteLength(body));
    const streamed = await (await load("/ssr-stream")).text();
    expect(streamed).toBe(`<!doctype html><html><body><p>one</p><p>two</p>${LAUNCHER}</body></html>`);
    const framed = await (await fetch(`${base}/ssr-stream`, { headers: { accept: "*/*", "sec-fetch-dest": "iframe" } })).text();
    expect(framed).toContain(LAUNCHER);
    const raw = await load("/ssr-raw-headers");
    const rawBody = await raw.text();
    expect(rawBody).toBe(`<!doctype html><html><body><p>raw</p></body></html>${LAUNCHER}`);
    expect(Number(raw.headers.get("content-length"))).toBe(Buffer.byteLength(rawBody));
    expect(await (await load("/ssr-json")).text()).toBe('{"html":"</body>"}');
    expect(await (await load("/__workflow/")).text()).not.toContain(LAUNCHER);
    // A fetch() of the same page (not a page load) gets it as the app sent it.
    const fetched = await fetch(`${base}/ssr-page`, { headers: { accept: "*/*" } });
    expect(await fetched.text()).toBe("<!doctype html><html><body><h1>SSR</h1></body></html>");
  });

  it("injects the launcher into Vite's own index.html once", async () => {
    const root = await tempDir("wf-index-");
    await writeFile(join(root, "index.html"), "<!doctype html><html><head></head><body><div id=app></div></body></html>");
    server = await createServer({
      root,
      configFile: false,
      logLevel: "silent",
      resolve: { alias: SOURCE_ALIASES },
      plugins: [workflow({ dataDir: join(root, ".data"), compat: false })],
      server: { port: 0, host: "127.0.0.1", watch: null },
    });
    await server.listen();
    const html = await (await fetch(server.resolvedUrls!.local[0]!, { headers: PAGE_LOAD })).text();
    expect(html.split("/__workflow/launcher.js").length - 1).toBe(1);
    expect(html).toContain(`${LAUNCHER}</body>`);
  });

  it("mounts nothing under /__workflow/ with devtools: false", async () => {
    const base = await startFixture(false);
    expect((await fetch(`${base}/__workflow/api/runs`)).status).toBe(404);
    expect(await (await fetch(`${base}/ssr-page`, { headers: PAGE_LOAD })).text()).not.toContain("__workflow");
  });

  it("keeps the launcher out of a production build", async () => {
    const root = await tempDir("wf-build-");
    await writeFile(join(root, "index.html"), '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>');
    await writeFile(join(root, "main.js"), "document.body.append('app');\n");
    await build({ root, configFile: false, logLevel: "silent", plugins: [workflow({ compat: false })] });
    const html = await readFile(join(root, "dist", "index.html"), "utf8");
    expect(html).toContain("<script");
    expect(html).not.toContain("__workflow");
  });
});
