import { BroadcastChannel } from "node:worker_threads";
import { WorkflowError } from "../../runtime/errors/workflow-error.ts";

/** Name of the channel the dev server answers "can runs start?" on, for every thread of the process. */
export const DEV_RUNTIME_STATUS_CHANNEL = "vite-workflow:dev-runtime-status";

/** How long a thread waits for the dev server's answer (a build in progress included) before starting anyway. */
export const ANSWER_TIMEOUT_MS = 10_000;

/** How long a thread whose dev server said it closed waits for another one (a restart) before refusing starts. */
export const CLOSED_ANSWER_TIMEOUT_MS = 1_000;

/** The code `start()` rejects with in a thread whose dev server has closed: nothing would execute the run. */
export const DEV_SERVER_CLOSED_CODE = "ERR_DEV_SERVER_CLOSED";

/** Sends on a `BroadcastChannel` (its `postMessage` has no target origin, unlike `window.postMessage`). */
function send(channel: BroadcastChannel, message: StatusMessage): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  channel.postMessage(message);
}

type StatusMessage =
  | { type: "query"; id: string }
  | { type: "open" }
  | { type: "closed" }
  | { type: "status"; id: string; error?: { code: string; message: string }; acceptsStarts?: boolean };

/** The dev server's side: answers every query with whether runs can start now. */
export interface DevRuntimeStatusServer {
  close(): void;
}

/**
 * Answers other threads of this process (Nitro's dev worker) asking whether runs can start: each query
 * waits for `check` (the current workflow build), so an answer is never older than the code on disk.
 * `acceptsStarts` tells them the server also starts runs handed over by `createDevStartClient`.
 * @example const status = serveDevRuntimeStatus(() => runtime.assertCanStart());
 */
export function serveDevRuntimeStatus(check: () => Promise<void>, options: { acceptsStarts?: boolean } = {}): DevRuntimeStatusServer {
  const channel = new BroadcastChannel(DEV_RUNTIME_STATUS_CHANNEL);
  channel.unref();
  channel.addEventListener("message", (event) => {
    const message = (event as { data?: StatusMessage }).data;
    if (message?.type !== "query") return;
    check().then(
      () => send(channel, { type: "status", id: message.id, acceptsStarts: options.acceptsStarts }),
      (error: unknown) => {
        const { code = "ERR_INTERNAL", message: text = String(error) } = (error ?? {}) as { code?: string; message?: string };
        send(channel, { type: "status", id: message.id, error: { code, message: text } });
      },
    );
  });
  // A thread that heard an earlier server close learns that runs can start again (a restart).
  send(channel, { type: "open" });
  return {
    close() {
      send(channel, { type: "closed" });
      channel.close();
    },
  };
}

/** Another thread's side: asks the dev server before each `start()`. */
export interface DevRuntimeStatusClient {
  /** Resolves when runs can start; rejects with the dev server's reason (e.g. `ERR_WORKFLOW_BUILD_FAILED`) otherwise. */
  assertCanStart(): Promise<void>;
  /**
   * Whether the dev server that answered the last query takes starts over (see `serveDevStarts`); false again
   * once a server announces that it closed or opened, until one answers a query.
   */
  acceptsStarts(): boolean;
  close(): void;
}

/** Options of `createDevRuntimeStatusClient`. */
export interface DevRuntimeStatusClientOptions {
  /** Wait for an answer at most this long; a server never heard from is not asked again. Default: `ANSWER_TIMEOUT_MS`. */
  answerTimeoutMs?: number;
}

/**
 * Asks the dev server (`serveDevRuntimeStatus`) whether runs can start. Without a server in the process
 * (no answer ever), it stops asking after the first timeout and lets every start through.
 * @example await createDevRuntimeStatusClient().assertCanStart();
 */
export function createDevRuntimeStatusClient(options: DevRuntimeStatusClientOptions = {}): DevRuntimeStatusClient {
  const channel = new BroadcastChannel(DEV_RUNTIME_STATUS_CHANNEL);
  channel.unref();
  const pending = new Map<string, (answer: Extract<StatusMessage, { type: "status" }> | undefined) => void>();
  let serverSeen = false;
  let serverMissing = false;
  let serverClosed = false;
  let serverAcceptsStarts = false;
  channel.addEventListener("message", (event) => {
    const message = (event as { data?: StatusMessage }).data;
    // A server that closed or (re)opened takes starts only once it has answered a query: a new one starts its
    // runtime, and serves starts, only after it announced itself.
    if (message?.type === "closed" || message?.type === "open") serverAcceptsStarts = false;
    if (message?.type === "closed") serverClosed = true;
    if (message?.type === "open") serverClosed = false;
    if (message?.type !== "status") return;
    serverSeen = true;
    serverMissing = false;
    serverClosed = false;
    serverAcceptsStarts = message.acceptsStarts === true;
    pending.get(message.id)?.(message);
  });

  return {
    async assertCanStart() {
      if (serverMissing) return;
      const id = crypto.randomUUID();
      const closedBefore = serverClosed;
      const timeoutMs = options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
      const answer = await new Promise<Extract<StatusMessage, { type: "status" }> | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), closedBefore ? Math.min(timeoutMs, CLOSED_ANSWER_TIMEOUT_MS) : timeoutMs);
        timer.unref();
        pending.set(id, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
        send(channel, { type: "query", id });
      });
      pending.delete(id);
      if (!answer && serverClosed) {
        throw new WorkflowError(
          DEV_SERVER_CLOSED_CODE,
          "The Vite dev server that executes runs has closed, so a run started now would never run. Start the dev server again (`vite dev`) and retry.",
        );
      }
      if (!answer) {
        serverMissing = !serverSeen;
        return;
      }
      if (answer.error) throw new WorkflowError(answer.error.code, answer.error.message, { learnMore: false });
    },
    acceptsStarts: () => serverAcceptsStarts && !serverMissing && !serverClosed,
    close: () => channel.close(),
  };
}
