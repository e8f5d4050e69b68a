import { describe, expect, it } from "vitest";

/**
 * The names each package entry point exports. A change here is a change of the public API: update the
 * snapshot deliberately (`vitest -u`) and mention it in the changelog.
 */
const ENTRY_POINTS: Record<string, () => Promise<Record<string, unknown>>> = {
  "vite-workflow": () => import("./public/index.ts"),
  "vite-workflow/api": () => import("./api/index.ts"),
  "vite-workflow/runtime": () => import("./index.ts"),
  "vite-workflow/internal": () => import("./internal.ts"),
  "vite-workflow/vite": () => import("../plugin/vite.ts"),
  "vite-workflow/rollup": () => import("../plugin/rollup.ts"),
  "vite-workflow/webpack": () => import("../plugin/webpack.ts"),
  "vite-workflow/esbuild": () => import("../plugin/esbuild.ts"),
  "vite-workflow/nitro": () => import("../plugin/nitro.ts"),
};

describe("public exports", () => {
  it("stay as released", async () => {
    const exports: Record<string, string[]> = {};
    for (const [entry, load] of Object.entries(ENTRY_POINTS)) exports[entry] = Object.keys(await load()).toSorted();
    expect(exports).toMatchSnapshot();
  });
});
