import { describe, expect, test } from "vitest";
import { WORKFLOW_CONTEXT } from "../globals.ts";
import { compileWorkflowBundle } from "./compile-workflow-bundle.ts";
import { createSandbox } from "./create-sandbox.ts";

const CODE = `globalThis[Symbol.for("vite-workflow.registerWorkflow")]("probe", (expr) => eval(expr));`;

function probe(seed = "seed-a", now = 1_700_000_000_000) {
  const sandbox = createSandbox(compileWorkflowBundle({ code: CODE }));
  sandbox.bind({ seed, now, context: {} as never });
  const run = sandbox.workflows.get("probe")!;
  return { sandbox, run: (expr: string) => run(expr) };
}

describe("deterministic sandbox", () => {
  test("Math.random, crypto.randomUUID and getRandomValues repeat for the same seed and differ across seeds", () => {
    const expr = "[Math.random(), crypto.randomUUID(), Array.from(crypto.getRandomValues(new Uint8Array(4)))]";
    const a = probe("s1").run(expr);
    const b = probe("s1").run(expr);
    const c = probe("s2").run(expr);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect((a as string[])[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("Date reads the workflow clock; explicit dates are normal dates", () => {
    const { sandbox, run } = probe("s", 1000);
    expect(run("Date.now()")).toBe(1000);
    expect(run("new Date().getTime()")).toBe(1000);
    sandbox.state.now = 5000;
    expect(run("Date.now()")).toBe(5000);
    expect(run("new Date(42).getTime()")).toBe(42);
    expect(run("new Date() instanceof Date")).toBe(true);
    expect(run("typeof Date()")).toBe("string");
  });

  test.each([
    ["setTimeout(() => {}, 1)", "sleep()"],
    ["setInterval(() => {}, 1)", "sleep"],
    ["setImmediate(() => {})", "sleep()"],
    ["process.env.HOME", "step function"],
    ["require('fs')", "import"],
    ["Buffer.from('x')", "Uint8Array"],
  ])("%s throws and says what to use instead", (expr, hint) => {
    const { run } = probe();
    expect(() => run(expr)).toThrow(hint);
  });

  test("global fetch throws the documented fetch-in-workflow error", () => {
    expect(() => probe().run("fetch('https://example.com')")).toThrow(
      'Global "fetch" is unavailable in workflow functions. Use the "fetch" step function from "workflow" to make HTTP requests.',
    );
  });

  test("web globals are available", () => {
    const { run } = probe();
    expect(run("new URL('https://a.b/c?d=1').searchParams.get('d')")).toBe("1");
    expect(run("new TextDecoder().decode(new TextEncoder().encode('hé'))")).toBe("hé");
    expect(run("new Headers({ a: '1' }).get('a')")).toBe("1");
    expect(run("structuredClone({ a: 1 }).a")).toBe(1);
  });

  test("Request, Response and the stream classes are writable, non-enumerable globals (data properties once read)", () => {
    const { run } = probe();
    expect(run("Object.keys(globalThis).filter((key) => /Request|Response|Stream/.test(key))")).toEqual([]);
    expect(run("typeof Request === 'function' && Request === globalThis.Request && Response.name")).toBe("Response");
    expect(run("new Response('hi').status")).toBe(200);
    expect(run("Object.prototype.toString.call(new Request('https://e.com'))")).toBe("[object Request]");
    expect(run("(() => { void ReadableStream; const d = Object.getOwnPropertyDescriptor(globalThis, 'ReadableStream'); return [typeof d.value, d.writable, d.enumerable, d.configurable]; })()")).toEqual([
      "function", true, false, true,
    ]);
    expect(() => run("new TransformStream()")).toThrow("TransformStream cannot be created in a workflow function");
    expect(run("globalThis.WritableStream = 42; WritableStream")).toBe(42);
    expect(probe().run("Response = 'replaced'; globalThis.Response")).toBe("replaced");
  });

  test("building the web classes consumes no randomness and reads no clock", () => {
    const plain = probe("same-seed", 7).run("[Math.random(), crypto.randomUUID(), Date.now()]");
    const touched = probe("same-seed", 7).run("Request; Response; ReadableStream; WritableStream; TransformStream; [Math.random(), crypto.randomUUID(), Date.now()]");
    expect(JSON.stringify(touched)).toBe(JSON.stringify(plain));
  });

  test("Date keeps its identity checks: constructor, name, prototype and parsing", () => {
    const { run } = probe("s", 1000);
    expect(run("[new Date().constructor === Date, Date.prototype.constructor === Date, Date.name, Date.parse('1970-01-01T00:00:01Z'), Date.UTC(1970, 0, 1)]")).toEqual([
      true, true, "Date", 1000, 0,
    ]);
    expect(run("new Date(2020, 0, 1) instanceof Date && Object.prototype.toString.call(new Date())")).toBe("[object Date]");
  });

  test("the workflow context is only installed once bound to a run", () => {
    const sandbox = createSandbox(compileWorkflowBundle({ code: CODE }));
    expect(sandbox.global[WORKFLOW_CONTEXT]).toBeUndefined();
  });
});
