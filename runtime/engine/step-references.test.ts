import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { transform } from "../../plugin/transform/transform.ts";
import { start } from "../api/index.ts";
import { FIXTURES_DIR, ROOT, createTestRuntime, loadFixture } from "./__fixtures__/harness.ts";

let fixture: Awaited<ReturnType<typeof loadFixture>>;
let env: Awaited<ReturnType<typeof createTestRuntime>>;
/** The fixture as application code sees it (client mode): what `start()` is called with in an app. */
let client: Record<string, any>;
const temp = mkdtempSync(join(tmpdir(), "wf-step-refs-"));

beforeAll(async () => {
  fixture = await loadFixture("step-references.ts");
  env = await createTestRuntime(fixture.bundle);
  const file = join(FIXTURES_DIR, "step-references.ts");
  const clientFile = join(temp, "step-references.client.ts");
  writeFileSync(clientFile, transform(readFileSync(file, "utf8"), { id: file, mode: "client", root: ROOT })!.code);
  client = (await import(/* @vite-ignore */ clientFile)) as Record<string, any>;
});
afterAll(async () => {
  await env?.close();
  rmSync(temp, { recursive: true, force: true });
});

type Applied = { value: number; calleeStepIds: string[]; stepId: string };

async function stepsOf(runId: string): Promise<string[]> {
  const events = (await env.world.readEvents(runId)) ?? [];
  return events.flatMap((event) => (event.type === "step_created" ? [event.stepName.split("//").pop()!] : []));
}

describe("step functions passed to steps", () => {
  test("a step function from the workflow runs inline in the receiving step, with its stepId", async () => {
    const run = await start(fixture.module.passStep, [3]);
    const result = (await run.returnValue) as Applied;
    expect(result.value).toBe(12);
    expect(result.calleeStepIds).toEqual([result.stepId, result.stepId]);
    expect(await stepsOf(run.runId)).toEqual(["applyTwice"]);
  });

  test("a step function given to start() by application code crosses into the step", async () => {
    const run = await start(client.passGiven, [client.double, 5]);
    const result = (await run.returnValue) as Applied;
    expect(result.value).toBe(20);
    expect(result.calleeStepIds).toEqual([result.stepId, result.stepId]);
    expect(await stepsOf(run.runId)).toEqual(["applyTwice"]);
  });

  test("a step reference survives a step's return value and an object", async () => {
    const run = await start(fixture.module.roundTrip, [1]);
    expect(((await run.returnValue) as Applied).value).toBe(4);
    expect(await stepsOf(run.runId)).toEqual(["echo", "applyTwice"]);
  });

  test("a reference to a step no module registered fails the receiving step with the documented text", async () => {
    const missing = Object.assign(async () => ({ value: 0, stepId: "" }), { stepId: "step//workflows/gone.ts//missing" });
    const run = await start(client.passGivenOnce, [missing, 1]);
    const failure = await run.returnValue.then(
      () => undefined,
      (error: unknown) => error,
    );
    const messages: string[] = [];
    for (let error = failure as { message?: string; cause?: unknown } | undefined; error; error = error.cause as typeof error) messages.push(String(error.message));
    expect(messages.join("\n")).toContain('Step function "step//workflows/gone.ts//missing" not found. Make sure the step function is registered');
  });
});
