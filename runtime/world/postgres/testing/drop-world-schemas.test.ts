import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { dropWorldSchemas } from "./drop-world-schemas.ts";
import { createTempPostgres, isPostgresAvailable, TEST_POSTGRES_URL } from "./temp-postgres.ts";

const available = await isPostgresAvailable();
const db = createTempPostgres("drop");

/** A stand-in for a connection whose drop statements fail with these codes, one per call, then succeed. */
function failingDrops(codes: string[]): { query(text: string): Promise<void>; drops: number } {
  const fake = {
    drops: 0,
    async query(text: string) {
      if (!text.startsWith("drop schema")) return;
      fake.drops++;
      const code = codes.shift();
      if (code) throw Object.assign(new Error(`drop failed with ${code}`), { code });
    },
  };
  return fake;
}

describe("dropWorldSchemas", () => {
  test("tries again when the drop lost a deadlock or a lock wait", async () => {
    const fake = failingDrops(["40P01", "55P03"]);
    await dropWorldSchemas(fake, "wf_x");
    expect(fake.drops).toBe(3);
  });

  test("gives up at once on any other error", async () => {
    const fake = failingDrops(["42501"]);
    await expect(dropWorldSchemas(fake, "wf_x")).rejects.toThrow("drop failed with 42501");
    expect(fake.drops).toBe(1);
  });

  describe.skipIf(!available)("on the test server", () => {
    const holders: pg.Client[] = [];
    afterAll(() => Promise.all(holders.map((client) => client.end().catch(() => undefined))));

    test("ends the tagged sessions holding the schemas' locks, then drops both schemas", async () => {
      const schema = db.newSchema();
      await db.sql(`create schema "${schema}"; create table "${schema}".t (x int); create schema "${schema}_worker"; create table "${schema}_worker".jobs (x int)`);
      // A server's session, in the middle of a transaction that read both schemas' tables.
      const holder = new pg.Client({ connectionString: `${TEST_POSTGRES_URL}?application_name=${schema}` });
      holders.push(holder);
      holder.on("error", () => undefined);
      await holder.connect();
      await holder.query(`begin; select * from "${schema}".t; select * from "${schema}_worker".jobs`);

      await dropWorldSchemas({ query: db.sql }, schema, schema);

      const { rows } = await db.sql("select nspname from pg_namespace where nspname = any($1)", [[schema, `${schema}_worker`]]);
      expect(rows).toEqual([]);
      await expect(holder.query("select 1")).rejects.toThrow();
    });
  });
});
