import { expect, it, vi } from "vitest";
import { measureMachineSpeed } from "./machine-speed.ts";

/** Open TCP servers and sockets of this process. */
const networkHandles = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap" || kind === "TCPSocketWrap").length;

it("measures an HTTP round trip and a realm as positive millisecond figures, and leaves no server open", async () => {
  const before = networkHandles();
  const speed = await measureMachineSpeed();
  for (const ms of [speed.httpRoundTrip, speed.realm]) {
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
  }
  // Sockets finish closing a few callbacks after they are destroyed.
  await vi.waitFor(() => expect(networkHandles()).toBe(before));
});
