import { describe, expect, it } from "vitest";
import { createMemoryWorld } from "../../runtime/world/memory/create-memory-world.ts";
import { resolveDevWorld, toWorldEnv } from "./resolve-dev-world.ts";

describe("resolveDevWorld", () => {
  it("selects PostgreSQL by option, with the documented defaults, and publishes it without a data dir", () => {
    const world = resolveDevWorld({ target: "postgres" }, "data", "/app", {});
    expect(world).toEqual({ target: "postgres", url: "postgres://localhost:5432/test", schema: "workflow" });
    expect(toWorldEnv(world)).toEqual({
      WORKFLOW_TARGET_WORLD: "postgres",
      WORKFLOW_POSTGRES_URL: "postgres://localhost:5432/test",
      WORKFLOW_POSTGRES_SCHEMA: "workflow",
    });
  });

  it("selects PostgreSQL from the environment; options win over variables", () => {
    const env = { WORKFLOW_TARGET_WORLD: "postgres", WORKFLOW_POSTGRES_URL: "postgres://db/app", WORKFLOW_POSTGRES_SCHEMA: "wf", WORKFLOW_POSTGRES_POOL_SIZE: "4" };
    expect(resolveDevWorld(undefined, undefined, "/app", env)).toEqual({ target: "postgres", url: "postgres://db/app", schema: "wf", pool: 4 });
    expect(resolveDevWorld({ target: "postgres", url: "postgres://other/x", schema: "mine", pool: 2 }, undefined, "/app", env)).toEqual({
      target: "postgres",
      url: "postgres://other/x",
      schema: "mine",
      pool: 2,
    });
    expect(resolveDevWorld({ target: "embedded", dataDir: "store" }, undefined, "/app", env)).toEqual({ target: "embedded", dataDir: "/app/store" });
  });

  it("keeps a World instance or factory as given and publishes nothing for it", async () => {
    const world = createMemoryWorld();
    const resolved = resolveDevWorld(world, "data", "/app", { WORKFLOW_TARGET_WORLD: "postgres" });
    expect(resolved).toEqual({ target: "custom", world });
    expect(toWorldEnv(resolved)).toEqual({});
    await world.close();
  });

  it("refuses an unknown target with ERR_WORLD_UNKNOWN_TARGET", () => {
    expect(() => resolveDevWorld(undefined, undefined, "/app", { WORKFLOW_TARGET_WORLD: "mysql" })).toThrow(
      expect.objectContaining({ code: "ERR_WORLD_UNKNOWN_TARGET", message: expect.stringContaining('"mysql"') }),
    );
  });
});
