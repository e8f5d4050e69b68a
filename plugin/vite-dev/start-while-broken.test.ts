import { cp, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { start } from "../../runtime/api/index.ts";
import { SOURCE_ALIASES } from "../../vitest.config.ts";
import { workflow } from "../vite.ts";
import type { WorkflowDevServerApi } from "./dev-server-plugin.ts";

const FIXTURE = fileURLToPath(new URL("../../playground/plain-vite", import.meta.url));
const HELLO = { workflowId: "workflow//workflows/hello.ts//helloWorkflow" };
const BROKEN = 'export async function broken() {\n  "use workflow";\n  return 1 +;\n}\n';

let server: ViteDevServer | undefined;
const tempDirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The plain-Vite fixture, copied so a test may break its files, with one workflow file that does not compile. */
async function startBrokenFixture(content = BROKEN) {
  const root = await mkdtemp(join(tmpdir(), "start-while-broken-"));
  tempDirs.push(root);
  await cp(FIXTURE, root, { recursive: true });
  const brokenFile = join(root, "workflows", "broken.ts");
  await writeFile(brokenFile, content);
  server = await createServer({
    root,
    configFile: false,
    logLevel: "silent",
    resolve: { alias: SOURCE_ALIASES },
    plugins: [workflow({ dataDir: join(root, ".workflow-data"), compat: false })],
    server: { port: 0, host: "127.0.0.1", watch: null },
  });
  await server.listen();
  const plugin = server.config.plugins.find((candidate) => candidate.name === "workflow:dev-server");
  const devRuntime = (await (plugin!.api as WorkflowDevServerApi).devRuntime())!;
  return { brokenFile, devRuntime };
}

describe("start() while the dev server's workflows do not build", () => {
  it("rejects with the build error (file and position) and records nothing; starts again once the file is fixed", async () => {
    const { brokenFile, devRuntime } = await startBrokenFixture();

    const refused = await start(HELLO, ["x"]).then(() => undefined, (error: unknown) => error as Error & { code?: string });
    expect(refused?.code).toBe("ERR_WORKFLOW_BUILD_FAILED");
    expect(refused?.message).toContain("could not build the workflows in workflows/broken.ts:3:");
    expect(refused?.message).toContain("[ERR_WORKFLOW_PARSE]");
    expect(refused?.message).toContain("without restarting the dev server");
    expect((await devRuntime.world.listRuns({})).data).toEqual([]);

    await unlink(brokenFile);
    await devRuntime.fileChanged(brokenFile, "delete");
    const run = await start(HELLO, ["again"]);
    await expect(run.returnValue).resolves.toBe("HELLO, AGAIN!");
  });

  it("sees a file that got its first directive in an edit (created empty, then written, as an editor saves a new file)", async () => {
    const { brokenFile, devRuntime } = await startBrokenFixture("");
    await devRuntime.fileChanged(brokenFile, "create");
    await expect(start(HELLO, ["before"]).then((run) => run.returnValue)).resolves.toBe("HELLO, BEFORE!");

    await writeFile(brokenFile, BROKEN);
    await devRuntime.fileChanged(brokenFile, "update");
    const refused = await start(HELLO, ["x"]).then(() => undefined, (error: unknown) => error as Error & { code?: string });
    expect(refused?.code).toBe("ERR_WORKFLOW_BUILD_FAILED");
    expect(refused?.message).toContain("workflows/broken.ts:3:");
  });
});
