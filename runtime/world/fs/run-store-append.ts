import fs from "node:fs";
import type { NewWorkflowEvent, WorkflowEvent } from "../../events/event.ts";
import { settlingKey } from "../../events/settling-events.ts";
import { isTerminalRunEvent } from "../../events/terminal-events.ts";
import type { AppendOptions } from "../world.ts";
import { datasync } from "./datasync.ts";
import { encodeBatch } from "./log-lines.ts";
import { assertRunId, WorldInputError } from "./names.ts";
import { withLease } from "./run-lease.ts";
import { assertEvents, stampEvents } from "./run-store-stamp.ts";
import { serialize, type TailCache } from "./run-store-tails.ts";
import { applyWritten, isTerminal, lockPathOf, type RunTail } from "./run-tail.ts";
import type { UlidGenerator } from "./ulid.ts";

/** One pending `appendEvents` call waiting for its run's next group commit. */
type PendingAppend = NonNullable<RunTail["group"]>[number];

/**
 * Creates `appendEvents` with group commit: calls made while a run's previous write + fdatasync is in flight
 * are queued and written together after it, with one fdatasync. Each call stays its own batch in the file,
 * so each is still atomic on its own and resolves only once durable. `afterCommit` runs once per group that
 * stored something, before the callers are resolved.
 */
export function createAppender(options: { ulid: UlidGenerator; tails: TailCache; afterCommit: (tail: RunTail) => void }) {
  const { ulid, tails, afterCommit } = options;

  async function appendEvents(runId: string, events: NewWorkflowEvent[], appendOptions?: AppendOptions): Promise<WorkflowEvent[]> {
    assertRunId(runId);
    assertEvents(events);
    if (appendOptions?.createdAt !== undefined && !(Number.isSafeInteger(appendOptions.createdAt) && appendOptions.createdAt >= 0)) {
      throw new WorldInputError(`appendEvents: invalid createdAt ${JSON.stringify(appendOptions.createdAt)}.`);
    }
    if (events.length === 0) return [];
    const tail = await tails.load(runId);
    if (!tail) throw new WorldInputError(`Cannot append to run "${runId}": it does not exist.`);
    return new Promise<WorkflowEvent[]>((resolve, reject) => {
      if (tail.group) {
        tail.group.push({ events, options: appendOptions, resolve, reject });
        return;
      }
      const group: PendingAppend[] = [{ events, options: appendOptions, resolve, reject }];
      tail.group = group;
      void serialize(tail, async () => {
        tail.group = undefined;
        await commitGroup(tail, group);
      });
    });
  }

  async function commitGroup(tail: RunTail, group: PendingAppend[]): Promise<void> {
    let results: WorkflowEvent[][];
    try {
      results = await withLease(lockPathOf(tail), (unchanged) => appendLocked(tail, group, unchanged), tail);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    if (results.some((stored) => stored.length > 0)) afterCommit(tail);
    group.forEach((pending, i) => pending.resolve(results[i]));
  }

  /**
   * Appends each call's events as one batch; all batches go out in one write and one fdatasync. `unchanged`:
   * this tail made the log's last write under a lease held since, so the log is exactly what it folded.
   */
  async function appendLocked(tail: RunTail, calls: PendingAppend[], unchanged: boolean): Promise<WorkflowEvent[][]> {
    const fileSize = unchanged ? tail.size : await tails.catchUp(tail);
    const now = Date.now();
    const results: WorkflowEvent[][] = [];
    const buffers: Buffer[] = [];
    const endedHere = new Set<string>();
    // A damaged log counts as ended: it is never written, so repairing it by hand stays possible.
    let ended = isTerminal(tail);
    let lastEventId = tail.lastEventId;
    for (const { events, options: callOptions } of calls) {
      const kept = ended ? [] : keptEvents(tail, events, endedHere);
      // An `exact` call keeps all of its events or none.
      if (kept.length === 0 || (callOptions?.exact && kept.length !== events.length)) {
        results.push([]);
        continue;
      }
      for (const event of kept) {
        const key = settlingKey(event);
        if (key !== undefined) endedHere.add(key);
        if (isTerminalRunEvent(event)) ended = true;
      }
      const stored = stampEvents(tail.runId, kept, callOptions?.createdAt ?? now, lastEventId, ulid);
      lastEventId = stored[stored.length - 1].eventId;
      results.push(stored);
      buffers.push(encodeBatch(stored));
    }
    if (buffers.length === 0) return results;
    const bytes = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
    // Bytes past the committed end are a torn write of a crashed writer: cut them before appending.
    if (fileSize > tail.size) fs.ftruncateSync(tail.fd, tail.size);
    tail.writing = bytes.length;
    try {
      fs.writeSync(tail.fd, bytes, 0, bytes.length, tail.size);
      await datasync(tail.fd);
    } catch (error) {
      tail.writing = 0;
      // Not acknowledged, so it must not count as written: cut it (best effort) so no reader folds it later.
      try {
        fs.ftruncateSync(tail.fd, tail.size);
      } catch {
        // The next append cuts it (bytes past the committed end), unless another process folded it first.
      }
      throw error;
    }
    applyWritten(tail, results.flat(), bytes);
    tail.writing = 0;
    return results;
  }

  return appendEvents;
}

/**
 * What one call keeps: duplicate settling events of a correlation (already in the log, earlier in this group
 * or in this call) are dropped, and nothing follows the run's end.
 */
function keptEvents(tail: RunTail, events: NewWorkflowEvent[], endedHere: ReadonlySet<string>): NewWorkflowEvent[] {
  const kept: NewWorkflowEvent[] = [];
  const keys = new Set<string>();
  for (const event of events) {
    const key = settlingKey(event);
    if (key !== undefined && (tail.ended.has(key) || endedHere.has(key) || keys.has(key))) continue;
    if (key !== undefined) keys.add(key);
    kept.push(event);
    if (isTerminalRunEvent(event)) break;
  }
  return kept;
}
