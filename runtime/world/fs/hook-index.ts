import { promises as fsp } from "node:fs";
import { join } from "node:path";
import type { HookIndex, HookRecord, WorldChange } from "../world.ts";
import { createFileExclusive, isMissing, readJsonFile, writeFileAtomic } from "./durable-file.ts";
import { withFileLock } from "./file-lock.ts";
import { assertRunId, hashKey, isRunId, WorldInputError } from "./names.ts";

const HOOK_ID_RE = /^[A-Za-z0-9_.:-]{1,200}$/;
const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * Token index: `hooks/<sha256(token)>.json` holds the owning hook, created atomically-exclusively so two
 * live hooks can never own one token; `runs/<runId>/hooks/<sha256(token)>` lists a run's hooks.
 * `isLive(runId, hookId)` tells whether a claim's hook still lives (its run exists, is not terminal and
 * the hook was not disposed), which lets a stale claim be taken over; `isRecorded` also needs its
 * `hook_created` in the log.
 */
export function createHookIndex(options: {
  dataDir: string;
  isLive: (runId: string, hookId: string) => Promise<boolean>;
  /** Whether the hook's `hook_created` is in its run's log and the hook still lives. */
  isRecorded: (runId: string, hookId: string) => Promise<boolean>;
  emit: (change: WorldChange) => void;
}): HookIndex {
  const hooksDir = join(options.dataDir, "hooks");
  const runsDir = join(options.dataDir, "runs");
  const { emit, isLive, isRecorded } = options;

  const recordPath = (hash: string) => join(hooksDir, `${hash}.json`);
  const runMarker = (runId: string, hash: string) => join(runsDir, runId, "hooks", hash);

  async function addRunMarker(runId: string, hash: string): Promise<void> {
    await fsp.mkdir(join(runsDir, runId, "hooks"), { recursive: true });
    await fsp.writeFile(runMarker(runId, hash), "");
  }

  async function claim(record: HookRecord): Promise<boolean> {
    validate(record);
    const hash = hashKey("hook token", record.token);
    const path = recordPath(hash);
    const stored: HookRecord = {
      token: record.token,
      runId: record.runId,
      hookId: record.hookId,
      kind: record.kind,
      ...(record.metadata === undefined ? {} : { metadata: record.metadata }),
      createdAt: record.createdAt ?? Date.now(),
    };
    const text = `${JSON.stringify(stored, null, 2)}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await createFileExclusive(path, text)) {
        await addRunMarker(record.runId, hash);
        emit({ type: "hook", token: record.token });
        return true;
      }
      const existing = await readJsonFile<HookRecord>(path);
      if (!existing) continue;
      if (existing.runId === record.runId && existing.hookId === record.hookId) {
        await addRunMarker(record.runId, hash);
        return true;
      }
      if (await isLive(existing.runId, existing.hookId)) return false;
      // The owner's run ended or the hook was disposed without releasing: take the token over, under the
      // token's lock so two claimants cannot both win and a concurrent release cannot remove the new claim.
      const taken = await withFileLock(`${path}.lock`, async () => {
        const current = await readJsonFile<HookRecord>(path);
        if (current && (current.runId !== existing.runId || current.hookId !== existing.hookId)) return false;
        await writeFileAtomic(path, text);
        return true;
      });
      if (!taken) continue;
      await fsp.rm(runMarker(existing.runId, hash), { force: true }).catch(() => undefined);
      await addRunMarker(record.runId, hash);
      emit({ type: "hook", token: record.token });
      return true;
    }
    return false;
  }

  async function release(token: string, hookId: string): Promise<void> {
    const hash = hashKey("hook token", token);
    const path = recordPath(hash);
    const removed = await withFileLock(`${path}.lock`, async () => {
      const current = await readJsonFile<HookRecord>(path);
      if (!current || current.hookId !== hookId) return undefined;
      await fsp.rm(path, { force: true });
      return current;
    });
    if (!removed) return;
    if (isRunId(removed.runId)) await fsp.rm(runMarker(removed.runId, hash), { force: true });
    emit({ type: "hook", token });
  }

  async function readClaim(token: string): Promise<HookRecord | undefined> {
    if (typeof token !== "string" || token.length === 0 || token.length > 4096) return undefined;
    const record = await readJsonFile<HookRecord>(recordPath(hashKey("hook token", token)));
    return record?.token === token ? record : undefined;
  }

  async function get(token: string): Promise<HookRecord | undefined> {
    const record = await readClaim(token);
    return record && (await isLive(record.runId, record.hookId)) ? record : undefined;
  }

  // The claim names the hook; the run's folded log (kept in memory per run) says whether it is recorded.
  async function getRecorded(token: string): Promise<HookRecord | undefined> {
    const record = await readClaim(token);
    return record && (await isRecorded(record.runId, record.hookId)) ? record : undefined;
  }

  async function listByRun(runId: string): Promise<HookRecord[]> {
    if (typeof runId !== "string" || !isRunId(runId)) return [];
    let hashes: string[];
    try {
      hashes = await fsp.readdir(join(runsDir, runId, "hooks"));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const records = await Promise.all(hashes.filter((h) => HASH_RE.test(h)).map((h) => readJsonFile<HookRecord>(recordPath(h))));
    return records.filter((r): r is HookRecord => r !== undefined && r.runId === runId).toSorted((a, b) => a.createdAt - b.createdAt);
  }

  return { claim, release, get, getRecorded, listByRun };
}

/** Throws unless the record names a valid run, hook id and kind (the token is checked when hashed). */
function validate(record: HookRecord): void {
  if (record === null || typeof record !== "object") throw new WorldInputError("hooks.claim expects a hook record.");
  assertRunId(record.runId);
  if (typeof record.hookId !== "string" || !HOOK_ID_RE.test(record.hookId)) {
    throw new WorldInputError(`Invalid hook id ${JSON.stringify(record.hookId)}.`);
  }
  if (record.kind !== "hook" && record.kind !== "webhook") throw new WorldInputError(`Invalid hook kind ${JSON.stringify(record.kind)}.`);
}
