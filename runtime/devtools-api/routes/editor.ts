/**
 * GET /editor  ?file=&line=&column=   opens a file of the project in the user's editor
 *
 * The editor is the one the user configured (`LAUNCH_EDITOR`, else `VISUAL`, else `EDITOR`), started
 * detached with the file (and the line where the editor understands one). Nothing is guessed: with no editor
 * configured, or one that runs in a terminal (vim, nano…, which would take over the dev server's terminal),
 * the answer is a 409 saying how to set one. Only files inside the project root can be opened.
 */
import { spawn } from "node:child_process";
import { realpath, stat } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { H3 } from "h3";
import { DevtoolsApiError } from "../devtools-api-error.ts";
import type { Wrap } from "./runs.ts";

export interface EditorRouteOptions {
  /** Files outside this directory are refused (403). */
  root: string;
  /** Where the editor settings are read from, at each request. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

const TERMINAL_EDITORS = new Set(["vi", "vim", "nvim", "view", "nano", "pico", "emacs", "ed", "ex", "micro", "hx", "helix", "joe", "jed", "ne", "mg", "kak", "mcedit", "less", "more"]);
/** Editors that take `-g file:line:column`. */
const GOTO_FLAG_EDITORS = new Set(["code", "code-insiders", "codium", "vscodium", "cursor", "windsurf", "positron"]);
/** Editors that take `file:line:column` as the path. */
const PATH_POSITION_EDITORS = new Set(["subl", "sublime_text", "zed", "atom", "lapce"]);
/** JetBrains IDEs: `--line N --column N file`. */
const JETBRAINS_EDITORS = new Set(["idea", "idea64", "webstorm", "webstorm64", "phpstorm", "pycharm", "goland", "rubymine", "clion", "rider", "fleet"]);
const SPAWN_TIMEOUT_MS = 5000;

/** Registers `GET <base>/editor`. */
export function registerEditorRoute(app: H3, base: string, wrap: Wrap, options: EditorRouteOptions): void {
  app.get(`${base}/editor`, wrap(async (request) => {
    const query = new URL(request.url).searchParams;
    const file = query.get("file") ?? "";
    if (!file || file.length > 4096 || file.includes("\0")) {
      throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", "Query parameter file must be the path of a file in the project.");
    }
    const line = positiveInt(query.get("line"), "line");
    const column = positiveInt(query.get("column"), "column");
    const path = await resolveProjectFile(options.root, file);
    const editor = resolveEditor(options.env ?? process.env);
    if ("error" in editor) throw new DevtoolsApiError("ERR_DEVTOOLS_NO_EDITOR", editor.error);
    const launched = await launch(editor, path, line, column);
    if (launched) throw new DevtoolsApiError("ERR_DEVTOOLS_EDITOR_FAILED", `Could not start ${editor.command}: ${launched}. ${HOW_TO_SET}`);
    return { ok: true, editor: editor.name, file: path };
  }));
}

const HOW_TO_SET =
  "Set LAUNCH_EDITOR (or VISUAL / EDITOR) to a graphical editor's command before starting the dev server, " +
  "e.g. LAUNCH_EDITOR=code, cursor, zed, subl or webstorm.";

interface Editor {
  command: string;
  /** Arguments configured with the command (`code --reuse-window`). */
  args: string[];
  /** The command's file name without extension, lower case: how its position syntax is chosen. */
  name: string;
}

/** The configured editor, or why there is none the panel may start. */
export function resolveEditor(env: Record<string, string | undefined>): Editor | { error: string } {
  const variable = ["LAUNCH_EDITOR", "VISUAL", "EDITOR"].find((name) => env[name]?.trim());
  if (!variable) return { error: `No editor is configured. ${HOW_TO_SET}` };
  const [command, ...args] = env[variable]!.trim().split(/\s+/);
  const name = basename(command).replace(/\.(exe|cmd|bat|sh)$/i, "").toLowerCase();
  if (TERMINAL_EDITORS.has(name)) {
    return {
      error: `${variable}=${command} is a terminal editor; opening it from the panel would take over the dev server's terminal. ${HOW_TO_SET}`,
    };
  }
  return { command, args, name };
}

/** The arguments that open `file` at `line`:`column` in `editor`. */
export function editorArguments(editor: Editor, file: string, line?: number, column?: number): string[] {
  const position = line === undefined ? file : `${file}:${line}${column === undefined ? "" : `:${column}`}`;
  if (GOTO_FLAG_EDITORS.has(editor.name)) return [...editor.args, "-g", position];
  if (PATH_POSITION_EDITORS.has(editor.name)) return [...editor.args, position];
  if (JETBRAINS_EDITORS.has(editor.name) && line !== undefined) {
    return [...editor.args, "--line", String(line), ...(column === undefined ? [] : ["--column", String(column)]), file];
  }
  // An editor whose position syntax is unknown gets the bare file rather than a path it would not find.
  return [...editor.args, file];
}

/** Starts the editor detached; resolves to undefined once it started, or to the reason it did not. */
function launch(editor: Editor, file: string, line?: number, column?: number): Promise<string | undefined> {
  return new Promise((done) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(editor.command, editorArguments(editor, file, line, column), { detached: true, stdio: "ignore", windowsHide: true });
    } catch (error) {
      return done((error as Error).message);
    }
    const timer = setTimeout(() => done(undefined), SPAWN_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      done((error as NodeJS.ErrnoException).code ?? error.message);
    });
    child.once("spawn", () => {
      clearTimeout(timer);
      child.unref();
      done(undefined);
    });
  });
}

/** The real path of `file` when it is an existing file inside `root`; throws the API's error otherwise. */
async function resolveProjectFile(root: string, file: string): Promise<string> {
  const candidate = resolve(root, file.replace(/^file:\/\//, ""));
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
  } catch {
    throw new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `No file ${candidate} (it may have been moved since the error was recorded).`);
  }
  const inside = relative(realRoot, real);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_OUTSIDE_PROJECT", `Only files inside the project (${realRoot}) can be opened from the panel.`);
  }
  if (!(await stat(real)).isFile()) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `${real} is not a file.`);
  }
  return real;
}

function positiveInt(value: string | null, name: string): number | undefined {
  if (value === null || value === "") return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `Query parameter ${name} must be a positive integer.`);
  }
  return Number(value);
}
