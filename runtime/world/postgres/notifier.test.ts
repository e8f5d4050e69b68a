import type pg from "pg";
import { describe, expect, it } from "vitest";
import { createNotifier } from "./notifier.ts";

/** A pool stand-in that records the payloads of each notice statement. */
function recordingPool() {
  const statements: string[][] = [];
  const pool = {
    query: async (query: { values: [string, string[]] }) => {
      statements.push(query.values[1]);
      return { rows: [] };
    },
  };
  return { pool: pool as unknown as pg.Pool, statements };
}

describe("change notifier", () => {
  it("sends lazy notices together in one statement, and flush sends them at once", async () => {
    const { pool, statements } = recordingPool();
    const notifier = createNotifier(pool, "chan");
    for (let i = 0; i < 5; i++) {
      notifier.send("o|r|run-a", true);
      notifier.send(`o|r|run-${i}`, true);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(statements).toEqual([]);
    await notifier.flush();
    expect(statements).toEqual([["o|r|run-a", "o|r|run-0", "o|r|run-1", "o|r|run-2", "o|r|run-3", "o|r|run-4"]]);
  });

  it("sends an eager notice without waiting, taking the lazy ones queued before it along", async () => {
    const { pool, statements } = recordingPool();
    const notifier = createNotifier(pool, "chan");
    notifier.send("o|r|run-a", true);
    notifier.send("o|h|token");
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(statements).toEqual([["o|r|run-a", "o|h|token"]]);
    await notifier.flush();
    expect(statements).toHaveLength(1);
  });

  it("keeps lazy notices queued while a statement is in flight waiting for their own timer", async () => {
    const statements: string[][] = [];
    let release!: () => void;
    const pool = {
      query: (query: { values: [string, string[]] }) => {
        statements.push(query.values[1]);
        return statements.length === 1 ? new Promise((resolve) => (release = () => resolve({ rows: [] }))) : Promise.resolve({ rows: [] });
      },
    } as unknown as pg.Pool;
    const notifier = createNotifier(pool, "chan");
    notifier.send("o|r|run-a", true);
    await expect.poll(() => statements.length).toBe(1);
    notifier.send("o|r|run-b", true);
    release();
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(statements).toEqual([["o|r|run-a"]]);
    await notifier.flush();
    expect(statements).toEqual([["o|r|run-a"], ["o|r|run-b"]]);
  });

  it("sends a lazy notice by itself once its short wait is over", async () => {
    const { pool, statements } = recordingPool();
    const notifier = createNotifier(pool, "chan");
    notifier.send("o|r|run-a", true);
    await expect.poll(() => statements).toEqual([["o|r|run-a"]]);
  });
});
