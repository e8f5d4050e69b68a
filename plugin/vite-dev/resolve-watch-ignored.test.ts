import { resolveConfig } from "vite";
import { describe, expect, it } from "vitest";
import { workflow } from "../vite.ts";
import { resolveWatchIgnored } from "./resolve-watch-ignored.ts";

const EMBEDDED = { target: "embedded", dataDir: "/app/.workflow-data" } as const;

describe("resolveWatchIgnored", () => {
  it("ignores the embedded world's data dir and nothing beside it", () => {
    const [ignored] = resolveWatchIgnored({}, EMBEDDED)!.ignored;
    expect(ignored("/app/.workflow-data")).toBe(true);
    expect(ignored("/app/.workflow-data/runs/01J/events.jsonl")).toBe(true);
    expect(ignored("/app/.workflow-data-old/a.ts")).toBe(false);
    expect(ignored("/app/src/main.ts")).toBe(false);
  });

  it("leaves a watcher the app turned off, and worlds without a data dir, alone", () => {
    expect(resolveWatchIgnored({ server: { watch: null } }, EMBEDDED)).toBeUndefined();
    expect(resolveWatchIgnored({}, { target: "postgres", url: "postgres://x/db", schema: "s" })).toBeUndefined();
  });

  it("keeps the app's own ignored patterns in the resolved config", async () => {
    const config = await resolveConfig(
      { root: "/app", configFile: false, logLevel: "silent", plugins: [workflow({ dataDir: "/app/.workflow-data" })], server: { watch: { ignored: ["**/tmp/**"] } } },
      "serve",
    );
    const ignored = [config.server.watch?.ignored].flat();
    expect(ignored).toContain("**/tmp/**");
    expect(ignored.some((entry) => typeof entry === "function" && entry("/app/.workflow-data/queue/x.json"))).toBe(true);
  });
});
