import { WorldInputError } from "./world-errors.ts";
import type { AppendOptions, CreateRunRequest, QueueMessage, World } from "../world.ts";

/** The writes of a world before messages given with them (`AppendOptions.enqueue`) are honoured. */
type RunWrites = Pick<World, "createRun" | "appendEvents">;

/**
 * Adds `enqueue` to a world whose run store and queue are separate files or maps (filesystem, memory): the
 * messages are checked before anything is written, then queued once the events are durable and before the
 * call resolves, and only when the call stored at least one event. A crash between the two loses the
 * messages, not the events; recovery re-derives the open work from the log (see `AppendOptions.enqueue`).
 */
export function enqueueAfterWrite(writes: RunWrites, queue: Pick<World["queue"], "enqueue">, assertMessage: (message: QueueMessage) => void = assertMessageShape): RunWrites {
  async function enqueueAll(messages: QueueMessage[]): Promise<void> {
    await Promise.all(messages.map((message) => queue.enqueue(message)));
  }

  async function appendEvents(runId: string, events: Parameters<World["appendEvents"]>[1], options?: AppendOptions) {
    const messages = options?.enqueue;
    if (messages === undefined || messages.length === 0) return writes.appendEvents(runId, events, options);
    assertMessages(messages);
    const stored = await writes.appendEvents(runId, events, options);
    if (stored.length > 0) await enqueueAll(messages);
    return stored;
  }

  async function createRun(request: CreateRunRequest) {
    const { enqueue, ...rest } = request;
    if (enqueue === undefined) return writes.createRun(rest);
    let messages: QueueMessage[] = [];
    const firstEvents = rest.firstEvents;
    const result = await writes.createRun({
      ...rest,
      // Called once the run's id is assigned and before anything of it is written.
      firstEvents: async (runCreated) => {
        const more = firstEvents ? await firstEvents(runCreated) : [];
        messages = enqueue({ ...runCreated });
        assertMessages(messages);
        return more;
      },
    });
    if (result.created && messages.length > 0) await enqueueAll(messages);
    return result;
  }

  function assertMessages(messages: QueueMessage[]): void {
    if (!Array.isArray(messages)) throw new WorldInputError("The enqueue option expects an array of queue messages.");
    for (const message of messages) assertMessage(message);
  }

  return { appendEvents, createRun };
}

/** The checks every world makes of a message: a known kind, an id, a run id and a finite due time. */
function assertMessageShape(message: QueueMessage): void {
  const ok =
    message !== null &&
    typeof message === "object" &&
    (message.kind === "flow" || message.kind === "step") &&
    typeof message.id === "string" &&
    message.id.length > 0 &&
    typeof message.runId === "string" &&
    typeof message.dueAt === "number" &&
    Number.isFinite(message.dueAt);
  if (!ok) throw new WorldInputError(`Invalid queue message ${JSON.stringify(message)?.slice(0, 200)}: expected a flow or step message with an id, a runId and a dueAt.`);
}
