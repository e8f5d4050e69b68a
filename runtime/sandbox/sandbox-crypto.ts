import { webcrypto } from "node:crypto";
import type { SandboxState } from "./sandbox-state.ts";

/**
 * The sandbox's `crypto`: `getRandomValues` and `randomUUID` draw from the run's seeded generator so replays
 * see the same values; `subtle` is the host's (its digests are deterministic already).
 */
export function createSandboxCrypto(state: SandboxState): object {
  const getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    if (array === null || !ArrayBuffer.isView(array)) {
      throw new TypeError("crypto.getRandomValues() expects an integer typed array");
    }
    state.prng.fillBytes(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  };
  const randomUUID = (): string => {
    const bytes = new Uint8Array(16);
    state.prng.fillBytes(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  return Object.freeze({ getRandomValues, randomUUID, subtle: webcrypto.subtle });
}
