import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDevtoolsApi } from "../create-devtools-api.ts";
import { createTestWorld } from "../testing/create-test-world.ts";
import { editorArguments, resolveEditor } from "./editor.ts";

const dirs: string[] = [];
const apis: Array<{ close(): void }> = [];
afterEach(() => {
  vi.unstubAllEnvs();
  apis.splice(0).forEach((api) => api.close());
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function project() {
  const dir = mkdtempSync(join(tmpdir(), "devtools-editor-"));
  dirs.push(dir);
  const root = join(dir, "app");
  mkdirSync(join(root, "workflows"), { recursive: true });
  writeFileSync(join(root, "workflows", "pay.ts"), "export {};\n");
  writeFileSync(join(dir, "secret.txt"), "outside\n");
  // A stand-in for a graphical editor: records the arguments it was started with.
  const editor = join(dir, "zed");
  const record = join(dir, "opened.txt");
  writeFileSync(editor, `#!/bin/sh\necho "$@" > ${JSON.stringify(record)}\n`);
  chmodSync(editor, 0o755);
  const api = createDevtoolsApi({ world: createTestWorld(), projectRoot: root });
  apis.push(api);
  const open = (query: string, headers: Record<string, string> = {}) =>
    api.fetch(new Request(`http://localhost:5173/__workflow/api/editor?${query}`, { headers: { host: "localhost:5173", ...headers } }));
  return { root, dir, editor, record, open };
}

describe("GET /editor", () => {
  it("opens a project file at its line and column in the configured editor", async () => {
    const { root, editor, record, open } = project();
    vi.stubEnv("LAUNCH_EDITOR", editor);
    const response = await open(`file=${encodeURIComponent(join(root, "workflows/pay.ts"))}&line=12&column=9`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, editor: "zed" });
    await vi.waitFor(() => expect(existsSync(record) && readFileSync(record, "utf8").trim()).toMatch(/workflows\/pay\.ts:12:9$/));
  });

  it("never starts a terminal editor, and says how to configure one when none is set", async () => {
    const { root, open } = project();
    const file = `file=${encodeURIComponent(join(root, "workflows/pay.ts"))}&line=1`;
    vi.stubEnv("LAUNCH_EDITOR", "");
    vi.stubEnv("VISUAL", "");
    vi.stubEnv("EDITOR", "vim");
    let response = await open(file);
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatchObject({ code: "ERR_DEVTOOLS_NO_EDITOR", message: expect.stringMatching(/terminal editor.*LAUNCH_EDITOR/) });
    vi.stubEnv("EDITOR", "");
    response = await open(file);
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toMatch(/No editor is configured\. Set LAUNCH_EDITOR/);
  });

  it("refuses files outside the project, missing files, bad positions and cross-site requests", async () => {
    const { dir, root, editor, record, open } = project();
    vi.stubEnv("LAUNCH_EDITOR", editor);
    expect((await open(`file=${encodeURIComponent(join(dir, "secret.txt"))}`)).status).toBe(403);
    expect((await open(`file=${encodeURIComponent("../secret.txt")}`)).status).toBe(403);
    expect((await open(`file=${encodeURIComponent(join(root, "nope.ts"))}`)).status).toBe(404);
    expect((await open("file=")).status).toBe(400);
    expect((await open(`file=${encodeURIComponent(join(root, "workflows/pay.ts"))}&line=abc`)).status).toBe(400);
    expect((await open(`file=${encodeURIComponent(join(root, "workflows/pay.ts"))}`, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(existsSync(record)).toBe(false);
  });
});

function at(command: string): string[] {
  return editorArguments(resolveEditor({ LAUNCH_EDITOR: command }) as never, "/p/a.ts", 3, 7);
}

describe("editor resolution", () => {
  it("prefers LAUNCH_EDITOR, then VISUAL, then EDITOR, and speaks each editor's position syntax", () => {
    expect(resolveEditor({ LAUNCH_EDITOR: "code --reuse-window", EDITOR: "vim" })).toEqual({ command: "code", args: ["--reuse-window"], name: "code" });
    expect(resolveEditor({ VISUAL: "/usr/bin/subl", EDITOR: "nano" })).toMatchObject({ name: "subl" });
    expect(resolveEditor({ EDITOR: "nvim" })).toHaveProperty("error");
    expect(at("code")).toEqual(["-g", "/p/a.ts:3:7"]);
    expect(at("zed")).toEqual(["/p/a.ts:3:7"]);
    expect(at("webstorm")).toEqual(["--line", "3", "--column", "7", "/p/a.ts"]);
    expect(at("gedit")).toEqual(["/p/a.ts"]);
  });
});
