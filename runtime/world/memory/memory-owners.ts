import { randomBytes } from "node:crypto";
import type { RunOwners } from "../world.ts";

/** The memory world's owners: `RunOwners` plus `close()`, after which `self` is dead. */
export interface MemoryOwners extends RunOwners {
  close(): void;
}

/**
 * Run ownership for a store that lives in one process: `self` is the only owner there is, alive until the
 * world closes. Unclaimed active runs are orphaned (for example runs created before anyone claimed them).
 */
export function createMemoryOwners(listActiveRunIds: () => Promise<string[]>): MemoryOwners {
  const self = `memory_${process.pid}_${randomBytes(8).toString("hex")}`;
  const claims = new Map<string, string>();
  let alive = true;
  const isAlive = async (owner: string) => alive && owner === self;
  return {
    self,
    async claim(runId) {
      const owner = claims.get(runId);
      if (owner !== undefined && owner !== self && (await isAlive(owner))) return owner;
      claims.set(runId, self);
      return self;
    },
    async release(runId) {
      if (claims.get(runId) === self) claims.delete(runId);
    },
    isAlive,
    async listOrphaned() {
      const active = await listActiveRunIds();
      return active.filter((runId) => {
        const owner = claims.get(runId);
        return owner === undefined || !alive || owner !== self;
      });
    },
    close() {
      alive = false;
    },
  };
}
