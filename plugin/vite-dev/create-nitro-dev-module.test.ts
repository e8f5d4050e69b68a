import { afterEach, describe, expect, it, vi } from "vitest";
import { createNitroDevModule } from "./create-nitro-dev-module.ts";

type DevHandler = { route: string; handler: () => Response };

function setUp(dev: boolean, devServer: { runner?: string } = {}) {
  const plugins: string[] = [];
  const devHandlers: DevHandler[] = [];
  createNitroDevModule().setup({ options: { dev, plugins, devHandlers, devServer } });
  return { plugins, devHandlers, devServer };
}

describe("the Nitro dev module", () => {
  it("in dev, loads the recording runtime and answers 404 itself for what Nitro's dev handlers do not serve", () => {
    const { plugins, devHandlers } = setUp(true);
    expect(plugins).toHaveLength(1);
    expect(devHandlers.map((handler) => handler.route)).toEqual(["/**"]);
    // A plain 404 answer (not a thrown error) is what Nitro passes on to the app's routes.
    expect(devHandlers[0].handler().status).toBe(404);
  });

  it("adds nothing to a production build", () => {
    expect(setUp(false)).toEqual({ plugins: [], devHandlers: [], devServer: {} });
  });

  describe("Nitro's dev runner", () => {
    afterEach(() => vi.unstubAllEnvs());

    it("runs the server routes in Vite's thread when the app chose no runner", () => {
      vi.stubEnv("NITRO_DEV_RUNNER", "");
      expect(setUp(true).devServer.runner).toBe("self");
    });

    it("keeps the runner the app's Nitro config chose", () => {
      vi.stubEnv("NITRO_DEV_RUNNER", "");
      expect(setUp(true, { runner: "node-worker" }).devServer.runner).toBe("node-worker");
    });

    it("leaves the choice to NITRO_DEV_RUNNER when it is set", () => {
      vi.stubEnv("NITRO_DEV_RUNNER", "node-worker");
      expect(setUp(true).devServer.runner).toBeUndefined();
    });
  });
});
