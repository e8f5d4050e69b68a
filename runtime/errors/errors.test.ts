import vm from "node:vm";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_ERRORS, ERROR_CODES, docsForCode } from "./codes.ts";
import { FetchInWorkflowError, NodeJsModuleInWorkflowError, StartInvalidWorkflowFunctionError, WebhookInvalidRespondWithValueError, WebhookResponseNotSentError } from "./documented-errors.ts";
import { FatalError } from "./fatal-error.ts";
import { ReplayDivergenceError } from "./replay-divergence-error.ts";
import { RetryableError, type RetryableErrorOptions } from "./retryable-error.ts";
import { WorkflowRunCancelledError, WorkflowRunFailedError, WorkflowRunNotFoundError } from "./run-errors.ts";
import { SerializationError } from "./serialization-error.ts";
import { WorkflowError } from "./workflow-error.ts";

const DOCS = "https://github.com/vite-workflow/vite-workflow#";

/** Evaluates a fresh copy of the error classes inside a new `node:vm` realm, as the workflow sandbox does. */
function errorsInOtherRealm() {
  const { outputFiles } = buildSync({
    stdin: {
      contents: `export { FatalError } from "./fatal-error.ts"; export { RetryableError } from "./retryable-error.ts"; export { WorkflowError } from "./workflow-error.ts";`,
      resolveDir: import.meta.dirname,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    globalName: "errors",
    write: false,
  });
  const context = vm.createContext({});
  vm.runInContext(outputFiles[0].text, context);
  return {
    context,
    make: (expression: string) => vm.runInContext(expression, context) as unknown,
  };
}

describe("WorkflowError", () => {
  it("carries code, docs and cause, and appends the docs link to the message", () => {
    const cause = new Error("root");
    const error = new WorkflowError("ERR_HOOK_NOT_FOUND", "no such hook", { cause });
    expect(error.code).toBe("ERR_HOOK_NOT_FOUND");
    expect(error.docs).toBe(`${DOCS}err_hook_not_found`);
    expect(error.message).toBe(`no such hook\n\nLearn more: ${DOCS}err_hook_not_found`);
    expect(error.cause).toBe(cause);
    expect(WorkflowError.is(error)).toBe(true);
  });

  it("uses an explicit docs link and leaves unknown codes without one", () => {
    expect(new WorkflowError("ERR_CUSTOM", "x", { docs: `${DOCS}custom` }).message).toBe(`x\n\nLearn more: ${DOCS}custom`);
    const bare = new WorkflowError("ERR_CUSTOM", "x");
    expect(bare.message).toBe("x");
    expect(bare.docs).toBeUndefined();
  });

  it("is() rejects look-alikes: plain errors, errors with a code, non-objects", () => {
    expect(WorkflowError.is(new Error("x"))).toBe(false);
    expect(WorkflowError.is(Object.assign(new Error("x"), { code: "ERR_RUN_FAILED" }))).toBe(false);
    expect(WorkflowError.is(null)).toBe(false);
    expect(WorkflowError.is("ERR_RUN_FAILED")).toBe(false);
  });

  it("every code has a README anchor: the documented slug or the lowercase code", () => {
    for (const [code, anchor] of Object.entries(ERROR_CODES)) {
      expect(anchor === code.toLowerCase() || anchor in DOCUMENTED_ERRORS).toBe(true);
    }
    for (const [slug, entry] of Object.entries(DOCUMENTED_ERRORS)) {
      expect(docsForCode(entry.code)).toBe(DOCS + slug);
    }
  });
});

describe("documented errors keep their documented messages", () => {
  const cases: Array<{ error: WorkflowError; text: string; slug: string }> = [
    {
      error: new NodeJsModuleInWorkflowError("fs"),
      text: `Cannot use Node.js module "fs" in workflow functions. Move this module to a step function.`,
      slug: "node-js-module-in-workflow",
    },
    {
      error: new FetchInWorkflowError(),
      text: `Global "fetch" is unavailable in workflow functions. Use the "fetch" step function from "workflow" to make HTTP requests.`,
      slug: "fetch-in-workflow",
    },
    {
      error: new SerializationError({ subject: "workflow arguments" }),
      text: `Failed to serialize workflow arguments. Ensure you're passing serializable types (plain objects, arrays, primitives, Date, RegExp, Map, Set).`,
      slug: "serialization-failed",
    },
    {
      error: new StartInvalidWorkflowFunctionError(),
      text: `'start' received an invalid workflow function. Ensure the Workflow DevKit is configured correctly and the function includes a 'use workflow' directive.`,
      slug: "start-invalid-workflow-function",
    },
    {
      error: new WebhookInvalidRespondWithValueError("automatic"),
      text: 'Invalid `respondWith` value: "automatic"',
      slug: "webhook-invalid-respond-with-value",
    },
    {
      error: new WebhookResponseNotSentError(),
      text: "Workflow run did not send a response",
      slug: "webhook-response-not-sent",
    },
  ];
  it.each(cases)("$slug", ({ error, text, slug }) => {
    expect(error.message).toBe(`${text}\n\nLearn more: ${DOCS}${slug}`);
    expect(error.docs).toBe(DOCS + slug);
    expect(error.code).toBe(DOCUMENTED_ERRORS[slug as keyof typeof DOCUMENTED_ERRORS].code);
    expect(WorkflowError.is(error)).toBe(true);
  });

  it("serialization-failed names the path of the offending value", () => {
    const error = new SerializationError({ subject: "step arguments", path: "args[0].user.callback", reason: "is a function" });
    expect(error.message).toMatch(/^Failed to serialize step arguments\. Ensure you're passing serializable types/);
    expect(error.message).toContain("\n\nargs[0].user.callback is a function.\n\nLearn more:");
    expect(error.path).toBe("args[0].user.callback");
    expect(SerializationError.is(error)).toBe(true);
  });

  it("start-invalid-workflow-function can say what it received", () => {
    expect(new StartInvalidWorkflowFunctionError(undefined).message).toContain("\n\nReceived: undefined\n\n");
  });
});

describe("run errors", () => {
  it("WorkflowRunFailedError names the run and the cause's message and keeps the cause", () => {
    const cause = new Error("boom");
    const error = new WorkflowRunFailedError("wrun_1", cause);
    expect(error.message).toBe('Workflow run "wrun_1" failed: boom');
    expect(error.cause).toBe(cause);
    expect(error.runId).toBe("wrun_1");
    expect(error.code).toBe("ERR_RUN_FAILED");
    expect(WorkflowRunFailedError.is(error)).toBe(true);
    expect(WorkflowRunFailedError.is(new WorkflowRunCancelledError("wrun_1"))).toBe(false);
  });

  it("not found and cancelled carry the run id", () => {
    expect(new WorkflowRunNotFoundError("wrun_2").message).toMatch(/^Workflow run "wrun_2" not found\./);
    expect(new WorkflowRunCancelledError("wrun_3").message).toBe('Workflow run "wrun_3" cancelled');
    expect(WorkflowRunNotFoundError.is(new WorkflowRunNotFoundError("x"))).toBe(true);
  });

  it("ReplayDivergenceError names the run and both sides", () => {
    const error = new ReplayDivergenceError({
      runId: "wrun_4",
      expected: 'step "step//a.ts//charge" (step_3)',
      recorded: "wait_created for wait_3",
      eventId: "evnt_9",
    });
    expect(error.code).toBe("ERR_REPLAY_DIVERGENCE");
    expect(error.message).toContain('"wrun_4"');
    expect(error.message).toContain('expected (workflow code): step "step//a.ts//charge" (step_3)');
    expect(error.message).toContain("recorded (event log):     wait_created for wait_3");
    expect(error.message).toContain("evnt_9");
    expect(ReplayDivergenceError.is(error)).toBe(true);
  });
});

describe("FatalError and RetryableError", () => {
  it("FatalError is fatal and identified by name", () => {
    const error = new FatalError("stop");
    expect(error.fatal).toBe(true);
    expect(error.message).toBe("stop");
    expect(FatalError.is(error)).toBe(true);
    expect(FatalError.is(new Error("stop"))).toBe(false);
    expect(FatalError.is(Object.assign(new Error("rebuilt"), { name: "FatalError" }))).toBe(true);
  });

  it("RetryableError defaults retryAfter to one second from now", () => {
    const before = Date.now();
    const error = new RetryableError("later");
    expect(error.retryAfter.getTime()).toBeGreaterThanOrEqual(before + 1000);
    expect(error.retryAfter.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it.each([
    { retryAfter: 5000, delta: 5000 },
    { retryAfter: "5m", delta: 300_000 },
    { retryAfter: "1.5s", delta: 1500 },
  ] satisfies Array<Required<RetryableErrorOptions> & { delta: number }>)("RetryableError retryAfter $retryAfter", ({ retryAfter, delta }) => {
    const before = Date.now();
    const error = new RetryableError("later", { retryAfter });
    expect(error.retryAfter.getTime()).toBeGreaterThanOrEqual(before + delta);
    expect(error.retryAfter.getTime()).toBeLessThanOrEqual(Date.now() + delta);
    expect(RetryableError.is(error)).toBe(true);
  });

  it("RetryableError keeps an absolute Date and rejects bad durations", () => {
    const at = new Date(Date.UTC(2030, 0, 1));
    expect(new RetryableError("x", { retryAfter: at }).retryAfter.getTime()).toBe(at.getTime());
    // @ts-expect-error: not an `ms` duration; a caller without types is still refused at run time.
    expect(() => new RetryableError("x", { retryAfter: "soon" })).toThrow('Invalid duration: "soon"');
  });
});

describe("identity across node:vm realms", () => {
  const realm = errorsInOtherRealm();

  it("errors created by another realm's copy of the classes are recognised", () => {
    const fatal = realm.make(`new errors.FatalError("x")`);
    const retryable = realm.make(`new errors.RetryableError("x", { retryAfter: 10 })`);
    const workflowError = realm.make(`new errors.WorkflowError("ERR_RUN_FAILED", "x")`);
    expect(fatal instanceof FatalError).toBe(false);
    expect(fatal instanceof Error).toBe(false);
    expect(FatalError.is(fatal)).toBe(true);
    expect(RetryableError.is(retryable)).toBe(true);
    expect(WorkflowError.is(workflowError)).toBe(true);
    expect(FatalError.is(workflowError)).toBe(false);
  });

  it("the other realm recognises host errors", () => {
    realm.context.hostFatal = new FatalError("x");
    realm.context.hostWorkflowError = new WorkflowRunFailedError("wrun_1", new Error("x"));
    expect(realm.make(`errors.FatalError.is(hostFatal)`)).toBe(true);
    expect(realm.make(`errors.WorkflowError.is(hostWorkflowError)`)).toBe(true);
    expect(realm.make(`errors.WorkflowError.is(new Error("x"))`)).toBe(false);
  });
});
