import fs, { promises as fsp } from "node:fs";
import { join } from "node:path";
import type { RunOwners } from "../world.ts";
import { isMissing, removeFileIfPresent, TEMP_MARKER, tempPathFor } from "./durable-file.ts";
import { withFileLock } from "./file-lock.ts";
import { assertRunId, isRunId } from "./names.ts";
import { closeOwnerId, isOwnerProcessAlive, openOwnerId, parseOwnerId } from "./run-owners-identity.ts";

/** The filesystem world's run owners: `RunOwners` plus what the queue and the world's shutdown need. */
export interface FsRunOwners extends RunOwners {
  /** `isAlive` without a promise, for the queue's delivery path. */
  isAliveNow(owner: string): boolean;
  /** Gives back every claim of this instance and marks it dead (the world is closing). */
  close(): void;
}

/** Options of `createFsRunOwners`. */
export interface FsRunOwnersOptions {
  dataDir: string;
  /** False for a run that has ended or whose log does not exist yet (such runs are not orphaned). */
  isRunActive(runId: string): Promise<boolean>;
}

/**
 * Run ownership on a store shared by processes of one machine. `self` is `<pid>-<start time>-<boot>-<nonce>`
 * (a new nonce per world instance). An owner is alive while its process runs (same pid, start time and boot)
 * and its world is open, which the world shows with the marker `owners/live/<owner>` (holding the owner id),
 * deleted on close. A claim is `owners/<runId>`: a hard link to its owner's marker, so it names the owner,
 * is created exclusively (`link(2)` fails when the name exists) and is never seen half-written, and costs
 * no new inode (creating one costs far more than a link on the disks measured). A dead owner's claim is
 * replaced by a rename under a per-run lock file, so two processes taking over never both win. Nothing here
 * is fsync'd: after a machine crash every owner is dead, so a lost or empty claim means the same as a dead
 * one (the run is orphaned).
 */
export function createFsRunOwners(options: FsRunOwnersOptions): FsRunOwners {
  const ownersDir = join(options.dataDir, "owners");
  const liveDir = join(ownersDir, "live");
  const activeDir = join(options.dataDir, "active");
  fs.mkdirSync(liveDir, { recursive: true });
  const self = openOwnerId();
  const marker = join(liveDir, self);
  fs.writeFileSync(marker, `${self}\n`);
  /** Runs whose claim this instance holds: claimed again without a syscall. */
  const held = new Set<string>();
  /** Owners known dead: an owner id is never reused, so dead stays dead. */
  const dead = new Set<string>();
  let closed = false;
  let leftoversSwept = false;
  const claimPath = (runId: string) => join(ownersDir, runId);

  function isAliveNow(owner: string): boolean {
    if (owner === self) return !closed;
    if (dead.has(owner)) return false;
    const alive = isOwnerProcessAlive(owner, () => fs.existsSync(join(liveDir, owner)));
    if (!alive) dead.add(owner);
    return alive;
  }

  /** Creates the claim file if it does not exist; true when this call created it. */
  function createClaim(path: string): boolean {
    try {
      fs.linkSync(marker, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  }

  async function claim(runId: string): Promise<string> {
    assertRunId(runId);
    if (closed) throw new Error(`This world is closed: it cannot claim run "${runId}". Claim runs through an open world.`);
    if (held.has(runId)) return self;
    const path = claimPath(runId);
    for (;;) {
      if (createClaim(path)) break;
      const current = readClaim(path);
      if (current === undefined) continue;
      if (current === self) break;
      if (current !== "" && isAliveNow(current)) return current;
      const taken = await withFileLock(`${path}.lock`, async () => {
        // Under the lock nobody else replaces the claim; it still names the owner we found dead, or we look again.
        if (readClaim(path) !== current) return false;
        const temp = tempPathFor(path);
        fs.linkSync(marker, temp);
        try {
          fs.renameSync(temp, path);
        } finally {
          fs.rmSync(temp, { force: true });
        }
        return true;
      });
      if (taken) break;
    }
    held.add(runId);
    return self;
  }

  function releaseNow(runId: string): void {
    held.delete(runId);
    const path = claimPath(runId);
    // Only our own claim: a live owner's claim is never replaced, so it cannot change between read and unlink.
    if (readClaim(path) === self) removeFileIfPresent(path);
  }

  async function listOrphaned(): Promise<string[]> {
    if (!leftoversSwept) {
      leftoversSwept = true;
      await sweepLeftovers();
    }
    const orphaned: string[] = [];
    for (const runId of await fsp.readdir(activeDir)) {
      if (!isRunId(runId) || held.has(runId)) continue;
      const owner = readClaim(claimPath(runId));
      if (owner !== undefined && owner !== "" && isAliveNow(owner)) continue;
      if (await options.isRunActive(runId)) orphaned.push(runId);
    }
    return orphaned;
  }

  /** Removes what dead owners left behind: their live markers, and their claims on runs that are not active. */
  async function sweepLeftovers(): Promise<void> {
    for (const owner of await fsp.readdir(liveDir)) {
      if (!owner.includes(TEMP_MARKER) && parseOwnerId(owner) && !isAliveNow(owner)) fs.rmSync(join(liveDir, owner), { force: true });
    }
    const active = new Set(await fsp.readdir(activeDir));
    for (const name of await fsp.readdir(ownersDir)) {
      if (!isRunId(name) || active.has(name)) continue;
      const owner = readClaim(claimPath(name));
      if (owner !== undefined && (owner === "" || !isAliveNow(owner))) fs.rmSync(claimPath(name), { force: true });
    }
  }

  return {
    self,
    claim,
    async release(runId) {
      assertRunId(runId);
      releaseNow(runId);
    },
    isAlive: async (owner) => typeof owner === "string" && isAliveNow(owner),
    isAliveNow,
    listOrphaned,
    close() {
      if (closed) return;
      closed = true;
      closeOwnerId(self);
      fs.rmSync(marker, { force: true });
      for (const runId of held) releaseNow(runId);
    },
  };
}

/** The owner a claim file names; `""` when it is empty or torn, undefined when there is none. */
function readClaim(path: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  return text.endsWith("\n") ? text.slice(0, -1) : "";
}
