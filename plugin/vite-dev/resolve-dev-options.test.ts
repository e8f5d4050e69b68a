import { describe, expect, it } from "vitest";
import { resolveDevOptions } from "./resolve-dev-options.ts";

describe("resolveDevOptions", () => {
  it("defaults to workflows/ and .workflow-data/ under the root, with compat aliases and devtools on", () => {
    expect(resolveDevOptions({}, "/app", {})).toEqual({
      root: "/app",
      dirs: ["/app/workflows"],
      world: { target: "embedded", dataDir: "/app/.workflow-data" },
      compat: true,
      devtools: true,
    });
  });

  it("takes the data dir from WORKFLOW_EMBEDDED_DATA_DIR, and the option over both", () => {
    const env = { WORKFLOW_EMBEDDED_DATA_DIR: "/tmp/store" };
    expect(resolveDevOptions({}, "/app", env).world).toEqual({ target: "embedded", dataDir: "/tmp/store" });
    expect(resolveDevOptions({ dataDir: "data" }, "/app", env).world).toEqual({ target: "embedded", dataDir: "/app/data" });
  });

  it("resolves relative dirs against the root and keeps absolute ones", () => {
    const resolved = resolveDevOptions({ dirs: ["src/flows", "/shared/steps"], compat: false }, "/app", {});
    expect(resolved.dirs).toEqual(["/app/src/flows", "/shared/steps"]);
    expect(resolved.compat).toBe(false);
  });

  it("turns the devtools panel off on request", () => {
    expect(resolveDevOptions({ devtools: false }, "/app", {}).devtools).toBe(false);
  });
});
