import { describe, expect, it } from "vitest";
import { createBundleProvider } from "./create-bundle-provider.ts";

describe("createBundleProvider", () => {
  it("builds once until invalidated, then hands out the new code", async () => {
    let version = 0;
    const provider = createBundleProvider(async () => ({ code: `v${++version}`, map: null }));

    expect((await provider.get()).code).toBe("v1");
    expect((await provider.get()).code).toBe("v1");
    provider.invalidate();
    expect((await provider.get()).code).toBe("v2");
  });

  it("reports a failed build until the next edit instead of serving older code", async () => {
    let broken = true;
    const provider = createBundleProvider(async () => {
      if (broken) throw new Error("Unexpected token");
      return { code: "fixed" };
    });

    await expect(provider.get()).rejects.toThrow("Unexpected token");
    await expect(provider.get()).rejects.toThrow("Unexpected token");
    broken = false;
    provider.invalidate();
    expect((await provider.get()).code).toBe("fixed");
  });
});
