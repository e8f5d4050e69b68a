import type pg from "pg";
import { createUlidGenerator } from "../fs/ulid.ts";
import type { World, WorldChange } from "../world.ts";
import { createChangeListener } from "./change-listener.ts";
import { openPool, retryWindowMs } from "./connect.ts";
import { catchUpChanges } from "./pg-catch-up.ts";
import { migrate } from "./migrate.ts";
import { noticeOf, type PgContext } from "./pg-context.ts";
import { createNotifier } from "./notifier.ts";
import { createPgHookIndex } from "./pg-hook-index.ts";
import { createPgOwners } from "./pg-owners.ts";
import { createPgOwnWrites } from "./pg-own-writes.ts";
import { createPgQueue } from "./pg-queue.ts";
import { createPgRunStore } from "./pg-run-store.ts";
import { createPgStreamStore } from "./pg-stream-store.ts";
import { sqlNames } from "./sql-names.ts";
import { DEFAULT_POSTGRES_SCHEMA, DEFAULT_POSTGRES_URL } from "./resolve-postgres-target.ts";


/** Options of `createPostgresWorld()`. */
export interface PostgresWorldOptions {
  /** Connection URL. Default: `postgres://localhost:5432/test`. */
  url?: string;
  /** Size of the connection pool. Default: 10. */
  pool?: number;
  /** Schema holding the world's tables; graphile-worker's live in `<schema>_worker`. Default: `workflow`. */
  schema?: string;
  /** Upper bound of queued messages run at once by this instance (the engine passes its own). Default: 10. */
  concurrency?: number;
}

/**
 * Creates the PostgreSQL world: runs, events, hooks, streams and owners in tables of one schema (migrated
 * on first use), the queue on graphile-worker, change notices and live stream tails over LISTEN/NOTIFY. Many
 * processes on many machines may share one database. Fails with `ERR_POSTGRES_UNREACHABLE` when the
 * database does not answer.
 * @example
 * const world = await createPostgresWorld({ url: "postgres://db:5432/app" });
 */
export async function createPostgresWorld(options: PostgresWorldOptions = {}): Promise<World> {
  const url = options.url ?? DEFAULT_POSTGRES_URL;
  retryWindowMs(); // a malformed WORKFLOW_POSTGRES_RETRY_WINDOW_MS fails here, at startup
  const names = sqlNames(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
  const pool: pg.Pool = await openPool(url, { max: options.pool });
  const listeners = new Set<(change: WorldChange) => void>();
  const emit = (change: WorldChange) => {
    for (const listener of listeners) listener(change);
  };
  const ulid = createUlidGenerator();
  const self = `own_${ulid.next()}`;
  const notifier = createNotifier(pool, names.channel);
  const ctx: PgContext = { pool, names, self, ulid, own: createPgOwnWrites(), emit, notify: (kind, key, lazy) => notifier.send(noticeOf(self, kind, key), lazy) };
  try {
    await migrate(pool, names);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const queue = createPgQueue(ctx);
  // Jobs added with an append wake this instance's workers at their due time, as `queue.enqueue`'s do.
  const runs = createPgRunStore(ctx, (messages) => messages.forEach((message) => message.dueAt > Date.now() && queue.onTimerNotice(message.dueAt)));
  const hooks = createPgHookIndex(ctx);
  const streams = createPgStreamStore(ctx);
  const owners = createPgOwners(ctx);
  const listener = createChangeListener({
    url,
    channel: names.channel,
    onNotice({ origin, kind, key }) {
      if (kind === "t") return queue.onTimerNotice(Number(key));
      if (kind === "s") streams.wake(key);
      // This instance told its own listeners already, when it made the change.
      if (origin === ctx.self) return;
      if (kind === "r") emit({ type: "run", runId: key });
      else if (kind === "s") emit({ type: "stream", name: key });
      else if (kind === "h") emit({ type: "hook", token: key });
    },
    onReconnect: async (since) => {
      streams.wake();
      queue.resyncTimer();
      await catchUpChanges(ctx, since);
    },
  });
  await owners.start(() => queue.adoptOrphanedJobs());
  await listener.ready;
  let closing: Promise<void> | undefined;
  return {
    ...runs,
    hooks,
    queue: { enqueue: queue.enqueue, ack: queue.ack, consume: queue.consume },
    streams: { write: streams.write, close: streams.close, read: streams.read },
    owners: { self: owners.self, claim: owners.claim, release: owners.release, isAlive: owners.isAlive, listOrphaned: owners.listOrphaned, confirm: owners.confirm },
    watch(listenerFn) {
      listeners.add(listenerFn);
      return () => listeners.delete(listenerFn);
    },
    close() {
      closing ??= (async () => {
        listeners.clear();
        await queue.close();
        await owners.stop();
        await notifier.flush();
        streams.wake();
        await listener.close();
        await pool.end();
      })();
      return closing;
    },
  };
}
