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

  it("is what makes the bare specifiers resolve", () => {
    expect(diagnosticsFor(DOCS_STYLE, false).join("\n")).toMatch(/Cannot find module 'workflow'/);
  }, 30_000);
});
