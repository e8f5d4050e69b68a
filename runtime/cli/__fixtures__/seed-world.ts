import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewWorkflowEvent } from "../../events/event.ts";
import { serialize } from "../../serialization/serialize.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";
import type { CliIo } from "../cli-io.ts";
import { main } from "../main.ts";

export const SIGNUP = "workflow//src/workflows/signup.ts//userSignup";
export const CHARGE = "workflow//src/workflows/billing.ts//chargeCard";
export const APPROVAL = "workflow//src/workflows/approval.ts//awaitApproval";

const recorded = (name: string, message: string) => ({ name, message, stack: `${name}: ${message}\n    at step (src/workflows/x.ts:3:9)` });

const seededRoots: string[] = [];

/** Deletes every project `seedWorld` made (call from `afterAll`). */
export async function removeSeededWorlds(): Promise<void> {
  await Promise.all(seededRoots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

/** A temp project with `.workflow-data/` holding a completed, a failed and a running run. */
export async function seedWorld() {
  const root = await mkdtemp(join(tmpdir(), "wf-cli-"));
  seededRoots.push(root);
  const dataDir = join(root, ".workflow-data");
  const world = await createFsWorld({ dataDir });
  const run = async (workflowName: string, input: unknown[], events: NewWorkflowEvent[]) => {
    const { runId } = await world.createRun({ workflowName, input: serialize(input, "workflow-arguments"), seed: "s" });
    // One append per event, as the engine records them.
    for (const event of events) await world.appendEvents(runId, [event]);
    return runId;
  };

  const completed = await run(SIGNUP, ["a@b.c", new Date(0)], [
    { type: "run_started" },
    { type: "step_created", correlationId: "step_01", stepName: "step//src/workflows/signup.ts//createUser", input: serialize(["a@b.c"], "step-arguments") },
    { type: "step_started", correlationId: "step_01", attempt: 1 },
    { type: "step_failed", correlationId: "step_01", error: recorded("RetryableError", "database busy"), fatal: false, logs: [{ level: "warn", at: Date.UTC(2026, 0, 2, 3, 4, 5, 6), text: "pool exhausted, retrying" }] },
    { type: "step_retrying", correlationId: "step_01", attempt: 2, retryAt: Date.now() + 1000 },
    { type: "step_started", correlationId: "step_01", attempt: 2 },
    { type: "step_completed", correlationId: "step_01", result: serialize({ id: "u1", tags: new Set(["new"]) }, "step-return-value"), logs: [{ level: "log", at: Date.UTC(2026, 0, 2, 3, 4, 6, 7), text: "created u1\nwith tags new" }], logsDropped: 3 },
    { type: "wait_created", correlationId: "wait_01", resumeAt: Date.now() + 5 },
    { type: "wait_completed", correlationId: "wait_01" },
    { type: "hook_created", correlationId: "hook_01", token: "approve-u1", kind: "hook" },
    { type: "hook_received", correlationId: "hook_01", payload: serialize({ approved: true }, "hook-payload") },
    { type: "hook_disposed", correlationId: "hook_01" },
    { type: "run_completed", output: serialize({ userId: "u1", credits: 10n }, "workflow-return-value") },
  ]);

  const failed = await run(CHARGE, [{ amount: 5 }], [
    { type: "run_started" },
    { type: "step_created", correlationId: "step_01", stepName: "step//src/workflows/billing.ts//charge", input: serialize([5], "step-arguments") },
    { type: "step_started", correlationId: "step_01", attempt: 1 },
    { type: "step_failed", correlationId: "step_01", error: recorded("FatalError", "card declined"), fatal: true },
    { type: "run_failed", error: { ...recorded("FatalError", "card declined"), cause: { name: "Error", message: "issuer said no" } } },
  ]);

  const running = await run(APPROVAL, ["doc-7"], [
    { type: "run_started" },
    { type: "hook_created", correlationId: "hook_01", token: "tok-live-7", kind: "webhook", metadata: serialize({ doc: "doc-7" }, "hook-payload") },
    { type: "wait_created", correlationId: "wait_01", resumeAt: Date.now() + 86_400_000 },
  ]);

  await world.close();
  return { root, dataDir, runs: { completed, failed, running } };
}

/** Runs the CLI in-process and collects its output. */
export async function cli(argv: string[], io: Partial<CliIo> & { cwd: string; tty?: boolean }) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: io.tty ?? false, columns: 200 },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    ...io,
  });
  return { code, stdout, stderr };
}
