import { WorkflowRunCancelledError, WorkflowRunFailedError, WorkflowRunNotFoundError } from "../errors/run-errors.ts";
import type { RunStatus } from "../events/event.ts";
import { getRuntime } from "../engine/default-runtime.ts";
import type { Runtime } from "../engine/create-runtime.ts";
import { deserialize } from "../serialization/serialize.ts";
import { fromRecordedError } from "../serialization/recorded-error.ts";
import { hostTypes } from "../engine/boundary-types.ts";
import { getRunReadable, type ReadableOptions } from "../streams/run-streams.ts";
import type { RunSummary } from "../world/world.ts";

/**
 * A handle on a workflow run, returned by `start()` and `getRun()`. Its fields are promises read from the
 * event log when awaited; `returnValue` waits for the run to end.
 * @example const run = await start(userSignup, ["a@b.c"]); console.log(await run.status, await run.returnValue);
 */
export class Run<TResult = unknown> {
  /** The ID of the workflow run (`wrun_<ULID>`). */
  readonly runId: string;
  readonly #runtime: Runtime | undefined;

  constructor(runId: string, runtime?: Runtime) {
    this.runId = runId;
    this.#runtime = runtime;
  }

  get #rt(): Runtime {
    return this.#runtime ?? getRuntime();
  }

  /** The summary read of the current turn, shared by the fields asked for together. */
  #turnSummary: Promise<RunSummary> | undefined;

  /**
   * The run's summary. Fields awaited together (`Promise.all([run.status, run.createdAt])`) share one read;
   * a field asked for in a later turn reads again, so it never sees a state older than its request.
   */
  #summary(): Promise<RunSummary> {
    if (this.#turnSummary) return this.#turnSummary;
    const read = this.#readSummary();
    this.#turnSummary = read;
    queueMicrotask(() => (this.#turnSummary = undefined));
    return read;
  }

  async #readSummary(): Promise<RunSummary> {
    const summary = await this.#rt.world.getRun(this.runId);
    if (!summary) throw new WorkflowRunNotFoundError(this.runId);
    return summary;
  }

  /** `pending`, `running`, `completed`, `failed` or `cancelled`. */
  get status(): Promise<RunStatus> {
    return this.#summary().then((summary) => summary.status);
  }

  /** The workflow's id (`workflow//<path>//<name>`). */
  get workflowName(): Promise<string> {
    return this.#summary().then((summary) => summary.workflowName);
  }

  /** When the run was created. */
  get createdAt(): Promise<Date> {
    return this.#summary().then((summary) => new Date(summary.createdAt));
  }

  /** When the run started executing; undefined before. */
  get startedAt(): Promise<Date | undefined> {
    return this.#summary().then((summary) => (summary.startedAt === undefined ? undefined : new Date(summary.startedAt)));
  }

  /** When the run ended; undefined before. */
  get completedAt(): Promise<Date | undefined> {
    return this.#summary().then((summary) => (summary.completedAt === undefined ? undefined : new Date(summary.completedAt)));
  }

  /**
   * Resolves with the workflow's return value once the run completes; rejects with `WorkflowRunFailedError`
   * (the workflow's error, source-mapped, as `cause`) or `WorkflowRunCancelledError`.
   */
  get returnValue(): Promise<TResult> {
    return this.#awaitReturnValue();
  }

  async #awaitReturnValue(): Promise<TResult> {
    const runtime = this.#rt;
    for (;;) {
      const outcome = await runtime.readOutcome(this.runId);
      if (outcome?.type === "run_completed") return deserialize(outcome.output, "workflow-return-value", { types: hostTypes({ store: runtime.world.streams }) }) as TResult;
      if (outcome?.type === "run_failed") throw new WorkflowRunFailedError(this.runId, fromRecordedError(outcome.error));
      if (outcome?.type === "run_cancelled") throw new WorkflowRunCancelledError(this.runId);
      await runtime.waitForRun(this.runId);
    }
  }

  /** Cancels the run: queued steps and sleeps do not run, `returnValue` rejects. No-op once it has ended. */
  cancel(): Promise<void> {
    return this.#rt.cancel(this.runId);
  }

  /** The run's default readable stream (chunks written with `getWritable()`). */
  get readable(): ReadableStream {
    return this.getReadable();
  }

  /**
   * Reads a stream the run writes with `getWritable()` (the default one, or `namespace`), from chunk number
   * `startIndex` (default 0): stored chunks first, then live ones, until the stream is closed (at the latest
   * when the run ends). Works from any process sharing the run's world.
   * @example for await (const chunk of run.getReadable({ namespace: "logs", startIndex: 10 })) console.log(chunk);
   */
  getReadable<R = unknown>(options: ReadableOptions = {}): ReadableStream<R> {
    return getRunReadable<R>(this.#rt.world.streams, this.runId, options);
  }
}
