import { setImmediate as nextMacrotask } from "node:timers/promises";
import { expect, test } from "vitest";
import { compileWorkflowBundle } from "./compile-workflow-bundle.ts";
import { createSandboxPool } from "./create-sandbox-pool.ts";

const bundleA = compileWorkflowBundle({ code: `globalThis[Symbol.for("vite-workflow.registerWorkflow")]("a", () => "a");` });
const bundleB = compileWorkflowBundle({ code: `globalThis[Symbol.for("vite-workflow.registerWorkflow")]("b", () => "b");` });

test("hands out each sandbox once, prepared ones first, and fresh ones when the pool is empty", async () => {
  const pool = createSandboxPool({ size: 2 });
  pool.warm(bundleA);
  for (let i = 0; i < 4; i++) await nextMacrotask();
  const taken = Array.from({ length: 5 }, () => pool.take(bundleA));
  expect(new Set(taken.map((sandbox) => sandbox.global)).size).toBe(5);
  expect(taken.every((sandbox) => sandbox.bundle === bundleA && sandbox.workflows.has("a"))).toBe(true);
});

test("a new bundle version replaces the prepared sandboxes of the old one", async () => {
  const pool = createSandboxPool({ size: 2 });
  pool.warm(bundleA);
  for (let i = 0; i < 4; i++) await nextMacrotask();
  const sandbox = pool.take(bundleB);
  expect([sandbox.bundle, [...sandbox.workflows.keys()]]).toEqual([bundleB, ["b"]]);
  for (let i = 0; i < 4; i++) await nextMacrotask();
  expect([...pool.take(bundleB).workflows.keys()]).toEqual(["b"]);
});
