import { describe, expect, it } from "vitest";
import { createNitroDevModule } from "./create-nitro-dev-module.ts";

type DevHandler = { route: string; handler: () => Response };

function setUp(dev: boolean) {
  const plugins: string[] = [];
  const devHandlers: DevHandler[] = [];
  createNitroDevModule().setup({ options: { dev, plugins, devHandlers } });
  return { plugins, devHandlers };
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
    expect(setUp(false)).toEqual({ plugins: [], devHandlers: [] });
  });
});
