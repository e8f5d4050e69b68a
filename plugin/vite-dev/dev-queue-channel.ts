import { BroadcastChannel } from "node:worker_threads";
import type { QueueMessage, World } from "../../runtime/world/world.ts";

/**
 * Name of the channel a thread that records runs (Nitro's dev worker) tells the dev server on about the
 * work it queued. Keyed by the store the environment names, so two dev servers in one process (tests) never
 * hear each other's runs.
 */
export function devQueueChannelName(env: Record<string, string | undefined>): string {
  const store = [env.WORKFLOW_TARGET_WORLD, env.WORKFLOW_EMBEDDED_DATA_DIR, env.WORKFLOW_POSTGRES_URL, env.WORKFLOW_POSTGRES_SCHEMA];
  return `vite-workflow:dev-queue:${JSON.stringify(store)}`;
}

interface QueuedNotice {
  type: "queued";
  messages: QueueMessage[];
}

/** Sends on a `BroadcastChannel` (its `postMessage` has no target origin, unlike `window.postMessage`). */
function send(channel: BroadcastChannel, notice: QueuedNotice): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  channel.postMessage(notice);
}

/** A world that announces what its writes queued. */
export interface AnnouncingWorld extends World {
  /** Stops announcing (the world itself stays open). */
  stopAnnouncing(): void;
}

/**
 * Wraps the world of a thread that only records runs: once a write that queued messages is durable, the
 * messages are announced on the dev queue channel, so the dev server executes them at once instead of
 * waiting for its queue to notice the files (or rows). The store stays the source of truth: a message the
 * dev server never hears of is delivered by its queue as before.
 * @example const world = announceQueuedMessages(createWorld(), devQueueChannelName(process.env));
 */
export function announceQueuedMessages(world: World, channelName: string): AnnouncingWorld {
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  const announce = (messages: QueueMessage[] | undefined) => {
    if (messages && messages.length > 0) send(channel, { type: "queued", messages });
  };
  return {
    ...world,
    async createRun(request) {
      let queued: QueueMessage[] | undefined;
      const enqueue = request.enqueue && ((runCreated: Parameters<NonNullable<typeof request.enqueue>>[0]) => (queued = request.enqueue!(runCreated)));
      const result = await world.createRun({ ...request, enqueue });
      if (result.created) announce(queued);
      return result;
    },
    async appendEvents(runId, events, options) {
      const stored = await world.appendEvents(runId, events, options);
      if (stored.length > 0) announce(options?.enqueue);
      return stored;
    },
    queue: {
      ...world.queue,
      async enqueue(message) {
        await world.queue.enqueue(message);
        announce([message]);
      },
    },
    stopAnnouncing: () => channel.close(),
  };
}

/** The dev server's side of the channel. */
export interface QueuedMessageListener {
  close(): void;
}

/** What the dev server executes announced messages with. */
export interface QueuedMessageTarget {
  /** Executes one delivery (the runtime's `handleMessage`). */
  handleMessage(message: QueueMessage): Promise<void>;
  /** Removes the message from the store's queue once executed, so the queue does not deliver it again. */
  ack(id: string): Promise<void>;
}

/**
 * Executes the messages other threads announce (see `announceQueuedMessages`) as soon as they are due. A
 * message due later, or one whose execution fails, is left to the store's queue, which delivers it (and
 * retries it) as it would any other.
 * @example const listener = listenForQueuedMessages(devQueueChannelName(process.env), { handleMessage, ack });
 */
export function listenForQueuedMessages(channelName: string, target: QueuedMessageTarget): QueuedMessageListener {
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  channel.addEventListener("message", (event) => {
    const notice = (event as { data?: QueuedNotice }).data;
    if (notice?.type !== "queued" || !Array.isArray(notice.messages)) return;
    const now = Date.now();
    for (const message of notice.messages) {
      if (message.dueAt > now) continue;
      target.handleMessage(message).then(
        () => target.ack(message.id),
        // The queue still holds the message: it delivers it again with its own backoff.
        () => undefined,
      ).catch(() => undefined);
    }
  });
  return { close: () => channel.close() };
}
