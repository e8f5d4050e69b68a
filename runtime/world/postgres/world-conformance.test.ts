import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, it } from "vitest";
import { describeWorldConformance, trackWorlds } from "../conformance/describe-world-conformance.ts";
import { createPostgresWorld } from "./create-postgres-world.ts";
import { dropWorldSchemas } from "./testing/drop-world-schemas.ts";
import { isPostgresAvailable, TEST_POSTGRES_URL } from "./testing/temp-postgres.ts";

const available = await isPostgresAvailable();
const admin = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 });
admin.on("error", () => undefined);
afterAll(() => admin.end());

if (available) {
  // Each test gets a schema of its own (and graphile-worker's beside it), dropped by `dispose`.
  describeWorldConformance("PostgreSQL world", async () => {
    const schema = `wf_conf_${randomBytes(4).toString("hex")}`;
    const worlds = trackWorlds();
    const open = async () => worlds.add(await createPostgresWorld({ url: TEST_POSTGRES_URL, schema }));
    return {
      world: await open(),
      openAnother: open,
      async dispose() {
        await worlds.closeAll();
        await dropWorldSchemas(admin, schema);
      },
    };
  });
} else {
  describe.skip("World conformance: PostgreSQL world (server unreachable)", () => it("runs", () => undefined));
}
