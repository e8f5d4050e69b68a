import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Code as the Workflow DevKit docs write it: bare `workflow` and `workflow/api` imports. */
const DOCS_STYLE = `
import { sleep, createWebhook, FatalError, type RequestWithResponse } from "workflow";
import { start, getRun } from "workflow/api";

export async function signup(email: string) {
  "use workflow";
  await sleep("7 days");
  const webhook = createWebhook({ respondWith: "manual" });
  const request = await webhook;
  await reply(request);
  if (!email) throw new FatalError("no email");
  return { email, url: webhook.url };
}
async function reply(request: RequestWithResponse) {
  "use step";
  await request.respondWith(new Response("ok"));
}
export async function trigger() {
  const run = await start(signup, ["a@b.c"]);
  const status: string = await getRun(run.runId).status;
  return status;
}
`;

/** Calls the types must accept, and (each under `@ts-expect-error`, which fails when unused) refuse. */
const CALLS = `
import { sleep, RetryableError, type DurationInput } from "workflow";
import { start } from "workflow/api";

async function signup(email: string, plan?: string) {
  "use workflow";
  return { email, plan };
}
async function nightly() {
  "use workflow";
  return 1;
}
async function report(day?: string) {
  "use workflow";
  return day;
}

export async function durations(ms: number, at: Date) {
  await sleep("7 days");
  await sleep("1.5h");
  await sleep("10s");
  await sleep("250");
  await sleep(ms);
  await sleep(at);
  const delay: DurationInput = "2 Minutes";
  await sleep(delay);
  new RetryableError("rate limited", { retryAfter: "1m" });
  new RetryableError("rate limited", { retryAfter: 5000 });
  // @ts-expect-error: "dayz" is not a unit
  await sleep("7 dayz");
  // @ts-expect-error: not a duration
  await sleep("soon");
  // @ts-expect-error: a string that is not known to be a duration
  await sleep(String(ms));
  // @ts-expect-error: "sec0nds" is not a unit
  new RetryableError("x", { retryAfter: "5 sec0nds" });
}

export async function starts() {
  const a: string = (await start(signup, ["a@b.c"])).runId;
  await start(signup, ["a@b.c", "pro"], { idempotencyKey: "a@b.c" });
  const result: Promise<number> = (await start(nightly)).returnValue;
  await start(nightly, { idempotencyKey: "2026-01-01" });
  await start(nightly, [], { idempotencyKey: "2026-01-01" });
  await start(report);
  await start(report, { idempotencyKey: "today" });
  await start(report, ["2026-01-01"]);
  await start({ workflowId: "workflow//./workflows/signup.ts//signup" });
  await start({ workflowId: "workflow//./workflows/signup.ts//signup" }, ["a@b.c"]);
  // @ts-expect-error: signup needs its email
  await start(signup);
  // @ts-expect-error: options only, but signup needs its email
  await start(signup, { idempotencyKey: "k" });
  // @ts-expect-error: wrong argument type
  await start(signup, [42]);
  // @ts-expect-error: nightly takes no arguments
  await start(nightly, ["extra"]);
  return [a, result];
}
`;

/**
 * Type-checks `source` the way a user's project would with `"types": ["vite-workflow/types"]`: the shipped
 * declaration file maps the bare specifiers to the package, here resolved to its sources.
 */
function diagnosticsFor(source: string, withDeclaration = true): string[] {
  const file = `${root}__docs_style__.ts`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    baseUrl: root,
    paths: { "vite-workflow": ["runtime/public/index.ts"], "vite-workflow/api": ["runtime/api/index.ts"] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram(withDeclaration ? [file, `${root}types/workflow.d.ts`] : [file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === file)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

describe("vite-workflow/types", () => {
  it("lets code written from the docs import `workflow` and `workflow/api` and type-check", () => {
    expect(diagnosticsFor(DOCS_STYLE)).toEqual([]);
  }, 30_000);

  it("gives those imports the real signatures, so misuse is still an error", () => {
    const errors = diagnosticsFor(`import { sleep } from "workflow";\nexport const x = sleep(true);\n`);
    expect(errors.join("\n")).toMatch(/not assignable/);
  }, 30_000);

  it("types durations as `ms` strings and refuses start() without the arguments a workflow requires", () => {
    expect(diagnosticsFor(CALLS)).toEqual([]);
  }, 30_000);

  it("reports a misspelt duration unit at compile time", () => {
    const errors = diagnosticsFor(`import { sleep } from "workflow";\nexport const x = sleep("7 dayz");\n`);
    expect(errors.join("\n")).toMatch(/"7 dayz".*not assignable/);
  }, 30_000);

  it("is what makes the bare specifiers resolve", () => {
    expect(diagnosticsFor(DOCS_STYLE, false).join("\n")).toMatch(/Cannot find module 'workflow'/);
  }, 30_000);
});
