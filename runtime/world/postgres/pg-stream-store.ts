import { WorldInputError } from "../fs/world-errors.ts";
import type { StreamStore } from "../world.ts";
import { retryOnDisconnect } from "./connect.ts";
import type { PgContext } from "./pg-context.ts";

const MAX_NAME_LENGTH = 512;
/** Chunks fetched per query while a reader catches up. */
const PAGE = 500;
/** A waiting reader looks again after this long even without a notice (a safety net, not the hot path). */
const IDLE_RECHECK_MS = 30_000;

/** The stream store plus the hook the LISTEN connection calls when a stream changed. */
export interface PgStreamStore extends StreamStore {
  /** Wakes readers of `name` (a notice arrived); without a name, every reader (the connection came back). */
  wake(name?: string): void;
}

/**
 * Stream chunk logs over `streams` (one row per stream: chunk count, closed flag) and `stream_chunks`
 * (`(name, idx)` primary key). A write reserves its indexes on the stream's row and inserts its chunks in one
 * statement; readers page through the chunks and then wait for a NOTIFY of the stream.
 */
export function createPgStreamStore(ctx: PgContext): PgStreamStore {
  const { s } = ctx.names;
  const wakers = new Map<string, Set<() => void>>();
  const writeSql = `with head as (
      insert into ${s}.streams as h (name, chunk_count) values ($1, $3) on conflict (name) do update set chunk_count = h.chunk_count + $3
      returning h.chunk_count - $3 as start),
    chunks as (insert into ${s}.stream_chunks (name, idx, data)
      select $1, head.start + (u.ord - 1)::integer, u.data from head, unnest($2::bytea[]) with ordinality as u(data, ord))
    select 1`;
  const readSql = `select h.chunk_count, h.closed, c.idx, c.data from ${s}.streams h
    left join lateral (select idx, data from ${s}.stream_chunks where name = h.name and idx >= $2 order by idx limit ${PAGE}) c on true
    where h.name = $1 order by c.idx`;

  function wake(name?: string): void {
    if (name === undefined) {
      for (const set of wakers.values()) for (const fn of set) fn();
      return;
    }
    for (const fn of wakers.get(name) ?? []) fn();
  }

  async function write(name: string, chunks: Uint8Array[]): Promise<void> {
    assertName(name);
    if (!Array.isArray(chunks) || chunks.some((c) => !(c instanceof Uint8Array))) {
      throw new WorldInputError(`streams.write("${name}") expects an array of Uint8Array chunks.`);
    }
    if (chunks.length === 0) return;
    const data = chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    // Not retried on a lost connection: a commit whose answer was lost would store the chunks twice.
    await ctx.pool.query({ name: `${s}.write-stream`, text: writeSql, values: [name, data, chunks.length] });
    wake(name);
    ctx.emit({ type: "stream", name });
    ctx.notify("s", name);
  }

  async function close(name: string): Promise<void> {
    assertName(name);
    await retryOnDisconnect(() =>
      ctx.pool.query({
        name: `${s}.close-stream`,
        text: `insert into ${s}.streams as h (name, closed) values ($1, true) on conflict (name) do update set closed = true`,
        values: [name],
      }),
    );
    wake(name);
    ctx.emit({ type: "stream", name });
    ctx.notify("s", name);
  }

  async function* read(name: string, options: { startIndex?: number; signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> {
    assertName(name);
    const { signal } = options;
    let next = options.startIndex ?? 0;
    if (!Number.isInteger(next) || next < 0) throw new WorldInputError(`streams.read("${name}"): invalid startIndex ${next}.`);
    for (;;) {
      if (signal?.aborted) return;
      // Registered before the query, so a write committed after it wakes this reader.
      const latch = createLatch();
      let set = wakers.get(name);
      if (!set) wakers.set(name, (set = new Set()));
      set.add(latch.open);
      try {
        const { rows } = await retryOnDisconnect(() =>
          ctx.pool.query<{ chunk_count: number; closed: boolean; idx: number | null; data: Buffer | null }>({ name: `${s}.read-stream`, text: readSql, values: [name, next] }),
        );
        let got = 0;
        for (const row of rows) {
          if (row.idx === null || row.data === null) continue;
          next = row.idx + 1;
          got++;
          yield new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength);
          if (signal?.aborted) return;
        }
        if (got > 0) continue;
        const head = rows[0];
        if (head?.closed && next >= head.chunk_count) return;
        if (!latch.isOpen()) await waitFor(latch.promise, signal);
      } finally {
        set.delete(latch.open);
        if (set.size === 0 && wakers.get(name) === set) wakers.delete(name);
      }
    }
  }

  return { write, close, read, wake };
}

/** A promise with its resolver and whether it was called. */
function createLatch(): { promise: Promise<void>; open(): void; isOpen(): boolean } {
  let opened = false;
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return {
    promise,
    open() {
      opened = true;
      resolve();
    },
    isOpen: () => opened,
  };
}

/** Resolves when `waited` settles, `signal` aborts, or the idle recheck is due. */
function waitFor(waited: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    // Aborted while the reader was querying: its "abort" event has fired already.
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, IDLE_RECHECK_MS);
    timer.unref();
    const onAbort = () => done();
    signal?.addEventListener("abort", onAbort, { once: true });
    void waited.then(done);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
  });
}

function assertName(name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new WorldInputError(`Invalid stream name ${JSON.stringify(name)}: expected 1-${MAX_NAME_LENGTH} characters.`);
  }
}
