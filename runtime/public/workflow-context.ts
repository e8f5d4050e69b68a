/**
 * Types shared by the public `workflow` module and the engine: what a running workflow offers through
 * `globalThis[WORKFLOW_CONTEXT]` (inside the sandbox) and what a running step offers through
 * `globalThis[STEP_CONTEXT]()` (in the host).
 */
import type { DurationInput } from "../durations/parse-duration.ts";

/** Metadata of the current workflow run (`getWorkflowMetadata()`). */
export interface WorkflowMetadata {
  /** Unique identifier for the workflow run. */
  workflowRunId: string;
  /** Timestamp when the workflow run started. */
  workflowStartedAt: Date;
  /** The URL where the workflow can be triggered. */
  url: string;
}

/** Metadata of the current step (`getStepMetadata()`). */
export interface StepMetadata {
  /** Unique identifier of the step, stable across retries: use it as an idempotency key. */
  stepId: string;
  /** When the current attempt started. */
  stepStartedAt: Date;
  /** 1-based number of the current attempt; grows with each retry. */
  attempt: number;
}

/** Options of `createHook()`. */
export interface HookOptions {
  /** Token that identifies the hook; default: a random, unguessable token. */
  token?: string;
  /** Serializable data stored with the hook, returned by `getHookByToken()`. */
  metadata?: unknown;
}

/** A hook: await it for one payload, or iterate it with `for await` for many. */
export interface Hook<T = unknown> extends PromiseLike<T>, AsyncIterable<T> {
  /** The token used to identify this hook. */
  readonly token: string;
}

/** Options of `createWebhook()`. */
export interface WebhookOptions {
  /** Token in the webhook URL; default: a random, unguessable token. */
  token?: string;
  /** Static response, or `"manual"` to answer from a step with `request.respondWith()`. Default: 202. */
  respondWith?: Response | "manual";
}

/** A webhook request whose caller waits for a response (`respondWith: "manual"`); respond from a step. */
export interface RequestWithResponse extends Request {
  /** Sends `response` to the HTTP caller. Only in step functions; once per request. */
  respondWith(response: Response): Promise<void>;
}

/** A webhook: a hook whose payloads are the `Request`s sent to its `url`. */
export interface Webhook<T = Request> extends Hook<T> {
  /** Where to send requests: `<base>/.well-known/workflow/v1/webhook/<token>`. */
  readonly url: string;
}

/** The running workflow's primitives, installed on the sandbox global while a run owns it. */
export interface WorkflowContext {
  callStep(stepId: string, args: unknown[]): Promise<unknown>;
  sleep(duration: DurationInput): Promise<void>;
  createHook<T>(options?: HookOptions): Hook<T>;
  createWebhook(options?: WebhookOptions): Webhook;
  getWritable<W>(options?: { namespace?: string }): WritableStream<W>;
  getWorkflowMetadata(): WorkflowMetadata;
}

/** What a running step sees (backed by AsyncLocalStorage in the host). */
export interface StepContext {
  stepMetadata: StepMetadata;
  workflowMetadata: WorkflowMetadata;
  /** The run's user streams for this step (`getWritable()` in a step). */
  getWritable?<W>(options?: { namespace?: string }): WritableStream<W>;
  /** Where the attempt's console output is recorded (the engine's step-log recorder). */
  logs?: { record(level: "debug" | "log" | "info" | "warn" | "error", args: unknown[]): void };
}
