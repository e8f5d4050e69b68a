import { describe, expect, it } from "vitest";
import { createLeaseClock } from "./pg-lease.ts";

function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createLeaseClock", () => {
  it("holds from a renewal's send time for the lease less the margin", async () => {
    const clock = fakeClock();
    const lease = createLeaseClock({ leaseMs: 3_000, marginMs: 1_000, now: clock.now });
    expect(lease.held()).toBe(false);
    await lease.renewing(async () => clock.advance(100));
    expect(lease.held()).toBe(true);
    clock.advance(1_899);
    expect(lease.held()).toBe(true);
    clock.advance(1);
    expect(lease.held()).toBe(false);
  });

  it("a claim confirmed stays confirmed across timely renewals, and not across a gap", async () => {
    const clock = fakeClock();
    const lease = createLeaseClock({ leaseMs: 3_000, marginMs: 1_000, now: clock.now });
    await lease.renewing(async () => undefined);
    lease.confirmed("wrun_a", lease.epoch);
    for (let i = 0; i < 5; i++) {
      clock.advance(1_500);
      await lease.renewing(async () => clock.advance(10));
      expect(lease.isConfirmed("wrun_a")).toBe(true);
    }
    // A renewal that completes after the lease ended locally: another instance may have taken the run.
    clock.advance(1_500);
    await lease.renewing(async () => clock.advance(600));
    expect(lease.held()).toBe(true);
    expect(lease.isConfirmed("wrun_a")).toBe(false);
    lease.confirmed("wrun_a", lease.epoch);
    expect(lease.isConfirmed("wrun_a")).toBe(true);
    lease.forget("wrun_a");
    expect(lease.isConfirmed("wrun_a")).toBe(false);
  });

  it("nextRenewal resolves after the next successful renewal, or on stop", async () => {
    const lease = createLeaseClock({ leaseMs: 3_000, marginMs: 1_000 });
    let renewed = false;
    const waiting = lease.nextRenewal().then(() => (renewed = true));
    await lease.renewing(async () => Promise.reject(new Error("away"))).catch(() => undefined);
    await Promise.resolve();
    expect(renewed).toBe(false);
    await lease.renewing(async () => undefined);
    await waiting;
    expect(renewed).toBe(true);
    const stopped = lease.nextRenewal();
    lease.stop();
    await stopped;
  });
});
