import pg from "pg";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { loadFixture } from "../../engine/__fixtures__/harness.ts";
import { createRuntime } from "../../engine/create-runtime.ts";
import type { WorkflowEvent } from "../../events/event.ts";
import type { World } from "../world.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("lease");
const GATED_SEQ = "workflow//runtime/world/postgres/__fixtures__/lease-flows.ts//gatedSeq";
/** The global the fixture's steps read their probe from. */
const PROBE = Symbol.for("vite-workflow.test.leaseProbe");
let fixture: Awaited<ReturnType<typeof loadFixture>>;
beforeAll(async () => {
  if (available) fixture = await loadFixture("../../world/postgres/__fixtures__/lease-flows.ts");
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
  delete (globalThis as { [PROBE]?: unknown })[PROBE];
});

/** A runtime on `world`, closed after the test. */
function runtimeOn(world: World) {
  const runtime = createRuntime({ world, workflowBundle: () => fixture.bundle });
  cleanups.push(() => runtime.close());
  return runtime;
}

/** `world` with every event it stores recorded in `stored`: what this instance appended. */
function recordingAppends(world: World, stored: WorkflowEvent[]): World {
  return {
    ...world,
    async appendEvents(runId, events, options) {
      const result = await world.appendEvents(runId, events, options);
      stored.push(...result);
      return result;
    },
  };
}

describe.runIf(available)("an instance whose lease lapsed", () => {
  test("starts no further step of a run another instance took over meanwhile", async () => {
    let openGate!: () => void;
    const probe = { calls: [] as number[], gate: new Promise<void>((resolve) => (openGate = resolve)) };
    (globalThis as { [PROBE]?: unknown })[PROBE] = probe;
    const appendedByA: WorkflowEvent[] = [];
    const worldA = await db.open();
    const worldB = await db.open();
    const a = runtimeOn(recordingAppends(worldA, appendedByA));
    runtimeOn(worldB);
    const { runId } = await a.start(GATED_SEQ, [4]);
    await expect.poll(() => probe.calls.length, { timeout: 10_000 }).toBe(1);

    // A's heartbeat row is locked: its renewals wait, its lease lapses, and B takes the run over (running
    // step 0 again, which A is still running).
    const blocker = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await blocker.connect();
    cleanups.push(() => blocker.end());
    await blocker.query("begin");
    await blocker.query(`select 1 from "${db.schema}".owners where owner_id = $1 for update`, [worldA.owners.self]);
    const ownerOf = async () => (await db.sql(`select owner_id from "${db.schema}".run_owners where run_id = $1`, [runId])).rows[0]?.owner_id;
    await expect.poll(ownerOf, { timeout: 15_000, interval: 50 }).toBe(worldB.owners.self);

    // Step 0 finishes on both; A records its outcome and the start of step 1, then meets step 1 with its
    // lease lapsed. Its heartbeat goes through again afterwards.
    openGate();
    const stepCreated = async (index: number) =>
      ((await worldB.readEvents(runId)) ?? []).filter((event) => event.type === "step_created").length > index;
    await expect.poll(() => stepCreated(1), { timeout: 10_000 }).toBe(true);
    await blocker.query("rollback");

    await expect.poll(async () => (await worldB.getRun(runId))?.status, { timeout: 15_000, interval: 50 }).toBe("completed");
    const events = (await worldB.readEvents(runId))!;
    const stepIds = events.flatMap((event) => (event.type === "step_created" ? [event.correlationId] : []));
    expect(stepIds).toHaveLength(4);
    // A ran no step after step 0: it recorded no outcome of steps 1-3, and each of them ran once (on B).
    const completedByA = appendedByA.flatMap((event) => (event.type === "step_completed" ? [event.correlationId] : []));
    expect(completedByA.filter((id) => id !== stepIds[0])).toEqual([]);
    expect(probe.calls.filter((index) => index > 0)).toEqual([1, 2, 3]);
    expect(await worldB.owners.listOrphaned()).not.toContain(runId);
  });
});
