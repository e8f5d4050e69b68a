import { describe, expect, test } from "vitest";
import { createDeliveryIdStore } from "./delivery-id-store.ts";

const WINDOW = 1_000;

describe("createDeliveryIdStore", () => {
  test("accepts an id once and refuses it again within the window", () => {
    const store = createDeliveryIdStore({ windowMs: WINDOW });
    expect(store.claim("delivery-a", 100, 100)).toBe("accepted");
    expect(store.claim("delivery-a", 100, 200)).toBe("replayed");
    expect(store.claim("delivery-b", 150, 200)).toBe("accepted");
  });

  test("forgets ids once their signature is older than the window", () => {
    const store = createDeliveryIdStore({ windowMs: WINDOW });
    store.claim("delivery-a", 100, 100);
    store.claim("delivery-b", 900, 900);
    expect(store.size).toBe(2);
    store.claim("delivery-c", 1_200, 1_200);
    expect(store.size).toBe(2);
    expect(store.claim("delivery-b", 900, 1_800)).toBe("replayed");
  });

  test("stays within maxEntries and refuses anything it can no longer tell from a replay", () => {
    const store = createDeliveryIdStore({ windowMs: WINDOW, maxEntries: 3 });
    for (const [id, at] of [["a", 10], ["b", 20], ["c", 30], ["d", 40]] as const) expect(store.claim(`delivery-${id}`, at, 50)).toBe("accepted");
    expect(store.size).toBe(3);
    // "a" (signed at 10) was forgotten early: it and anything signed no later than it are refused.
    expect(store.claim("delivery-a", 10, 60)).toBe("expired");
    expect(store.claim("delivery-x", 5, 60)).toBe("expired");
    expect(store.claim("delivery-b", 20, 60)).toBe("replayed");
    expect(store.claim("delivery-y", 45, 60)).toBe("accepted");
    expect(store.size).toBe(3);
  });
});
