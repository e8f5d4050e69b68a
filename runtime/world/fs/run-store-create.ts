import fs, { constants } from "node:fs";
import { join } from "node:path";
import type { NewWorkflowEvent, RunCreatedEvent, WorkflowEvent } from "../../events/event.ts";
import { EVENT_ID_PREFIX, isRunId, RUN_ID_PREFIX } from "../../events/ids.ts";
import { isTerminalRunEvent } from "../../events/terminal-events.ts";
import type { CreateRunRequest, CreateRunResult } from "../world.ts";
import { datasync } from "./datasync.ts";
import { createFileExclusive, readJsonFile, syncDir } from "./durable-file.ts";
import { encodeBatch } from "./log-lines.ts";
import { hashKey, WorldInputError } from "./names.ts";
import { withLease } from "./run-lease.ts";
import type { SpareRunDirs } from "./run-store-spares.ts";
import { assertEvents, stampEvents } from "./run-store-stamp.ts";
import type { TailCache } from "./run-store-tails.ts";
import { applyWritten, emptyTail, runLockPath, type RunTail } from "./run-tail.ts";
import type { UlidGenerator } from "./ulid.ts";

/** Where runs live: `runs/<runId>/`, `active/<runId>` markers and `idempotency/<sha256(key)>.json`. */
export interface RunDirs {
  runsDir: string;
  activeDir: string;
  idempotencyDir: string;
}

/**
 * Creates `createRun`: claims the idempotency key (atomically, by exclusive create), then writes the run's
 * first batches into a spare directory (or a new one) and adopts its tail. `afterCommit` runs once the run
 * is durable, before `createRun` resolves.
 */
export function createRunCreator(options: RunDirs & { ulid: UlidGenerator; tails: TailCache; spares: SpareRunDirs; afterCommit: (tail: RunTail, created?: RunCreatedEvent) => void }) {
  const { runsDir, activeDir, idempotencyDir, ulid, tails, spares, afterCommit } = options;

  async function createRun(request: CreateRunRequest): Promise<CreateRunResult> {
    if (typeof request?.workflowName !== "string" || request.workflowName.length === 0) {
      throw new WorldInputError("createRun needs a workflowName.");
    }
    let runId = `${RUN_ID_PREFIX}${ulid.next()}`;
    // A new id names no directory yet; one taken over from an idempotency record may have a partial one.
    let fresh = true;
    if (request.idempotencyKey !== undefined) {
      const keyPath = join(idempotencyDir, `${hashKey("idempotency key", request.idempotencyKey)}.json`);
      const record = { idempotencyKey: request.idempotencyKey, runId, createdAt: Date.now() };
      if (!(await createFileExclusive(keyPath, `${JSON.stringify(record, null, 2)}\n`))) {
        const existing = await readJsonFile<{ runId?: string }>(keyPath);
        if (existing?.runId === undefined || !isRunId(existing.runId)) {
          throw new WorldInputError(`The idempotency record ${keyPath} is unreadable; remove it to reuse the key.`);
        }
        if (await tails.load(existing.runId)) return { runId: existing.runId, created: false };
        // The key was claimed by a creator that crashed before writing the run: finish its job.
        runId = existing.runId;
        fresh = false;
      }
    }
    const events = await writeFirstEvents(runId, request, fresh);
    return events ? { runId, created: true, events } : { runId, created: false };
  }

  /** Writes `run_created` (and the caller's `firstEvents`) as the run's first batches; undefined if it exists. */
  async function writeFirstEvents(runId: string, request: CreateRunRequest, fresh: boolean): Promise<WorkflowEvent[] | undefined> {
    const createdAt = Date.now();
    const event: RunCreatedEvent = {
      type: "run_created",
      runId,
      eventId: `${EVENT_ID_PREFIX}${ulid.next(createdAt)}`,
      createdAt,
      workflowName: request.workflowName,
      input: request.input,
      seed: request.seed,
      ...(request.url === undefined ? {} : { url: request.url }),
      ...(request.origin === undefined ? {} : { origin: request.origin(runId) }),
      ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
    };
    const stored: WorkflowEvent[] = [event];
    if (request.firstEvents) {
      const more = await request.firstEvents({ ...event });
      assertEvents(more);
      stored.push(...stampEvents(runId, untilRunEnds(more), createdAt, event.eventId, ulid));
    }
    // `run_created` is a batch of its own: a torn write keeps at least a run that recovery starts.
    const bytes = stored.length === 1 ? encodeBatch(stored) : Buffer.concat([encodeBatch(stored.slice(0, 1)), encodeBatch(stored.slice(1))]);
    const fd = (fresh ? await spares.take(runId, bytes) : undefined) ?? (await createRunDir(runId, bytes));
    if (fd === undefined) return undefined;
    const tail = emptyTail(runId, join(runsDir, runId, "events.jsonl"), fd);
    applyWritten(tail, stored, bytes);
    afterCommit(tails.adopt(tail), event);
    return stored;
  }

  /** Creates the run's directory and log in place (no spare ready, or an id whose directory may exist). */
  async function createRunDir(runId: string, bytes: Buffer): Promise<number | undefined> {
    const dir = join(runsDir, runId);
    // The `active/` marker goes first so a crash can never leave a live run that recovery does not see.
    fs.writeFileSync(join(activeDir, runId), "");
    fs.mkdirSync(dir, { recursive: true });
    let fd: number;
    try {
      fd = fs.openSync(join(dir, "events.jsonl"), constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
      throw error;
    }
    try {
      // Taking the run's lease now puts its file into the journal commit these fsyncs pay for anyway, so the
      // run's first appends find it held.
      await withLease(runLockPath(dir), async () => {
        fs.writeSync(fd, bytes, 0, bytes.length, 0);
        await Promise.all([datasync(fd), syncDir(dir), syncDir(runsDir), syncDir(activeDir)]);
      });
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    return fd;
  }

  return createRun;
}

/** The events up to and including the first that ends the run: nothing is stored after a run's end. */
function untilRunEnds(events: NewWorkflowEvent[]): NewWorkflowEvent[] {
  const end = events.findIndex(isTerminalRunEvent);
  return end === -1 ? events : events.slice(0, end + 1);
}
