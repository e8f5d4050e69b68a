import { setImmediate as nextMacrotask } from "node:timers/promises";
import { expect, test, vi } from "vitest";
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

test("a burst that empties the pool makes it keep more, up to its maximum, and the next burst finds them ready", async () => {
  const pool = createSandboxPool({ size: 1, max: 6 });
  pool.warm(bundleA);
  for (let i = 0; i < 3; i++) await nextMacrotask();
  expect(pool.target).toBe(1);
  // One ready, three made on the spot: each of those raises the target by one.
  for (let i = 0; i < 4; i++) pool.take(bundleA);
  expect(pool.target).toBe(4);
  for (let i = 0; i < 6; i++) await nextMacrotask();
  // The same burst again finds all four ready: no take made one on the spot, which would raise the target.
  for (let i = 0; i < 4; i++) pool.take(bundleA);
  expect(pool.target).toBe(4);
  // A larger burst raises it again, capped at the maximum.
  for (let i = 0; i < 8; i++) pool.take(bundleA);
  expect(pool.target).toBe(6);
});

test("after a calm period without an empty take, the pool goes back to its minimum", () => {
  vi.useFakeTimers();
  try {
    const pool = createSandboxPool({ size: 1, max: 8, shrinkAfterMs: 1_000, now: () => Date.now() });
    pool.warm(bundleA);
    vi.advanceTimersToNextTimer();
    for (let i = 0; i < 4; i++) pool.take(bundleA);
    expect(pool.target).toBe(4);
    vi.advanceTimersByTime(600);
    // Another burst half-way through keeps the larger pool for a full calm period from then.
    pool.take(bundleA);
    for (let i = 0; i < 8; i++) pool.take(bundleA);
    const grown = pool.target;
    expect(grown).toBeGreaterThan(4);
    vi.advanceTimersByTime(900);
    expect(pool.target).toBe(grown);
    vi.advanceTimersByTime(200);
    expect(pool.target).toBe(1);
  } finally {
    vi.useRealTimers();
  }
});
