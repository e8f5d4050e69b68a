import pg from "pg";
import { debug } from "./postgres-debug.ts";

/** A parsed change notice (see `noticeOf`). */
export interface Notice {
  origin: string;
  kind: string;
  key: string;
}

/** The world's LISTEN connection. */
export interface ChangeListener {
  /** Resolves once LISTEN is active for the first time. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 1_000;
const CATCH_UP_RETRY_MS = 500;

/**
 * Keeps one dedicated connection LISTENing on the world's channel and hands each notice to `onNotice`.
 * When the connection drops (server restart, `pg_terminate_backend`) it reconnects with backoff and then
 * calls `onReconnect` with the time it was lost, so readers catch up on what they missed meanwhile.
 */
export function createChangeListener(options: {
  url: string;
  channel: string;
  onNotice(notice: Notice): void;
  /**
   * Called once LISTEN is active again after the connection was lost at `since` (ms): catch up on the
   * notices missed meanwhile. A rejection is tried again shortly, from the same `since`.
   */
  onReconnect(since: number): Promise<void>;
}): ChangeListener {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  let everConnected = false;
  /** When the connection was lost, until a catch-up after reconnecting succeeded. */
  let lostAt: number | undefined;

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({ connectionString: options.url });
    client = next;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (everConnected) lostAt ??= Date.now();
      if (client === next) client = undefined;
      next.end().catch(() => undefined);
      schedule();
    };
    next.on("error", drop);
    next.on("end", drop);
    next.on("notification", (message) => {
      if (message.channel !== options.channel || !message.payload) return;
      const [origin, kind, ...rest] = message.payload.split("|");
      options.onNotice({ origin, kind, key: rest.join("|") });
    });
    try {
      await next.connect();
      await next.query(`listen "${options.channel}"`);
    } catch (error) {
      debug("LISTEN connection failed, retrying: %O", error);
      drop();
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    failures = 0;
    everConnected = true;
    resolveReady();
    catchUp(next);
  }

  /** Announces what was missed while the connection was away; tried again while `connection` stays up. */
  function catchUp(connection: pg.Client): void {
    const since = lostAt;
    if (since === undefined || closed || client !== connection) return;
    options.onReconnect(since).then(
      () => {
        if (lostAt === since) lostAt = undefined;
      },
      () => setTimeout(() => catchUp(connection), CATCH_UP_RETRY_MS).unref(),
    );
  }

  function schedule(): void {
    if (closed || retryTimer) return;
    const delay = Math.min(50 * 2 ** failures++, MAX_BACKOFF_MS);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
  }

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      resolveReady();
      await client?.end().catch(() => undefined);
    },
  };
}
