import { BroadcastChannel } from "node:worker_threads";
import { WorkflowError } from "../../runtime/errors/workflow-error.ts";
import { ANSWER_TIMEOUT_MS, DEV_SERVER_CLOSED_CODE } from "./dev-runtime-status.ts";

/** Name of the channel starts are handed to the dev server on; keyed by store like the dev queue channel. */
export function devStartChannelName(env: Record<string, string | undefined>): string {
  const store = [env.WORKFLOW_TARGET_WORLD, env.WORKFLOW_EMBEDDED_DATA_DIR, env.WORKFLOW_POSTGRES_URL, env.WORKFLOW_POSTGRES_SCHEMA];
  return `vite-workflow:dev-start:${JSON.stringify(store)}`;
}

interface StartRequest {
  type: "start";
  id: string;
  workflowName: string;
  args: unknown[];
  idempotencyKey?: string;
  /** The origin the caller would record with the run (webhook URLs); the server declines another one. */
  url?: string;
}

type StartAnswer =
  | { type: "started"; id: string; runId: string; created: boolean }
  | { type: "declined"; id: string }
  | { type: "failed"; id: string; error: { code: string; message: string } };

type Message = StartRequest | StartAnswer;

/** Sends on a `BroadcastChannel` (its `postMessage` has no target origin, unlike `window.postMessage`). */
function send(channel: BroadcastChannel, message: Message): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  channel.postMessage(message);
}

/** What a start resolves with: the runtime's `start()` result. */
export interface StartedRun {
  runId: string;
  created: boolean;
}

/** The dev server's runtime, as far as starting runs for other threads goes. */
export interface StartTarget {
  /** The base URL the runtime records with runs. */
  url: string;
  start(workflowName: string, args: unknown[], options: { idempotencyKey?: string }): Promise<StartedRun>;
}

/**
 * Starts runs other threads hand over (see `createDevStartClient`) in the dev server's runtime, so a run
 * begins with one write (`run_created`, `run_started` and its first calls) and runs at once, as a run
 * started in the dev server's own thread does. A start recorded with another origin is declined: the
 * calling thread records it itself, so webhook URLs keep the request's origin.
 * @example const server = serveDevStarts(devStartChannelName(process.env), runtime);
 */
export function serveDevStarts(channelName: string, target: StartTarget): { close(): void } {
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  channel.addEventListener("message", (event) => {
    const request = (event as { data?: Message }).data;
    if (request?.type !== "start") return;
    if (request.url !== undefined && request.url !== target.url) return send(channel, { type: "declined", id: request.id });
    target.start(request.workflowName, request.args, { idempotencyKey: request.idempotencyKey }).then(
      ({ runId, created }) => send(channel, { type: "started", id: request.id, runId, created }),
      (error: unknown) => {
        const { code = "ERR_INTERNAL", message = String(error) } = (error ?? {}) as { code?: string; message?: string };
        send(channel, { type: "failed", id: request.id, error: { code, message } });
      },
    );
  });
  return { close: () => channel.close() };
}

/** Another thread's side: hands a start to the dev server. */
export interface DevStartClient {
  /**
   * Starts the run in the dev server; `undefined` when the server declines it or the arguments cannot be
   * handed to another thread as they are (the caller then records the run itself). Rejects with the
   * server's error (e.g. `ERR_WORKFLOW_BUILD_FAILED`).
   */
  start(workflowName: string, args: unknown[], options: { idempotencyKey?: string }, url: string | undefined): Promise<StartedRun | undefined>;
  close(): void;
}

/**
 * Hands starts to the dev server (`serveDevStarts`). Call it only once the server has answered a status
 * query: a server that does not answer within `ANSWER_TIMEOUT_MS` is taken as closed.
 * @example const started = await createDevStartClient(devStartChannelName(process.env)).start("workflow//a.ts//f", [1], {}, origin);
 */
export function createDevStartClient(channelName: string, answerTimeoutMs = ANSWER_TIMEOUT_MS): DevStartClient {
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  const pending = new Map<string, (answer: StartAnswer | undefined) => void>();
  channel.addEventListener("message", (event) => {
    const message = (event as { data?: Message }).data;
    if (message && message.type !== "start") pending.get(message.id)?.(message);
  });
  return {
    async start(workflowName, args, options, url) {
      if (!isPlainData(args)) return undefined;
      const id = crypto.randomUUID();
      const answer = await new Promise<StartAnswer | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), answerTimeoutMs);
        timer.unref();
        pending.set(id, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
        send(channel, { type: "start", id, workflowName, args, idempotencyKey: options.idempotencyKey, url });
      });
      pending.delete(id);
      if (!answer) {
        throw new WorkflowError(DEV_SERVER_CLOSED_CODE, "The Vite dev server that executes runs did not answer a start: it has closed or is stuck. Restart it and retry.");
      }
      if (answer.type === "declined") return undefined;
      if (answer.type === "failed") throw new WorkflowError(answer.error.code, answer.error.message, { learnMore: false });
      return { runId: answer.runId, created: answer.created };
    },
    close: () => channel.close(),
  };
}

/**
 * True when `value` crosses threads unchanged (structured clone keeps it as the workflow serializer would
 * see it): primitives, arrays, plain objects, `Date`, `Map` and `Set` of such values. Class instances,
 * functions, streams and requests are not: their run is recorded in the calling thread instead.
 */
export function isPlainData(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value !== "object") return typeof value !== "function" && typeof value !== "symbol";
  if (seen.has(value)) return false;
  seen.add(value);
  if (value instanceof Date) return true;
  if (value instanceof Map) return [...value].every(([key, entry]) => isPlainData(key, seen) && isPlainData(entry, seen));
  if (value instanceof Set) return [...value].every((entry) => isPlainData(entry, seen));
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every((entry) => isPlainData(entry, seen));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  return Object.entries(Object.getOwnPropertyDescriptors(value)).every(
    ([, descriptor]) => "value" in descriptor && descriptor.enumerable === true && isPlainData(descriptor.value, seen),
  );
}
