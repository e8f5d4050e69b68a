import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { isPidAlive } from "./durable-file.ts";

/** Owner ids of the worlds open in this process, shared by every copy of this module in the process. */
const OPEN_OWNERS_KEY = Symbol.for("vite-workflow.fsOpenOwners");
const openOwners: Set<string> = ((globalThis as Record<symbol, unknown>)[OPEN_OWNERS_KEY] ??= new Set()) as Set<string>;

/** `<pid>-<start time>-<boot>-<nonce>`: the parts of an owner id of the filesystem world. */
const OWNER_ID_RE = /^(\d+)-(\d+|x)-([0-9a-f]{8}|x)-([0-9a-f]{16})$/;

let ownProcess: { pid: number; startTime: string; boot: string } | undefined;

/** This process's pid, start time (clock ticks since boot) and boot id prefix, read once. */
function thisProcess(): { pid: number; startTime: string; boot: string } {
  ownProcess ??= { pid: process.pid, startTime: readProcessStat(process.pid)?.startTime ?? "x", boot: readBootId() };
  return ownProcess;
}

/** A fresh owner id for a world instance of this process, registered as open until `closeOwnerId`. */
export function openOwnerId(): string {
  const { pid, startTime, boot } = thisProcess();
  const id = `${pid}-${startTime}-${boot}-${randomBytes(8).toString("hex")}`;
  openOwners.add(id);
  return id;
}

/** Marks an owner id of this process as closed: from now on it is dead, in every world of the process. */
export function closeOwnerId(id: string): void {
  openOwners.delete(id);
}

/** Parsed owner id, or undefined when `owner` is not one of ours. */
export function parseOwnerId(owner: string): { pid: number; startTime: string; boot: string } | undefined {
  const match = OWNER_ID_RE.exec(owner);
  if (!match) return undefined;
  return { pid: Number(match[1]), startTime: match[2], boot: match[3] };
}

/**
 * True while the owner's process runs and its world is open: for this process, by the registry of open
 * worlds; for another one, by its pid (not a zombie, same start time, same boot) and `hasLiveMarker`, the
 * marker file its world keeps while open.
 */
export function isOwnerProcessAlive(owner: string, hasLiveMarker: () => boolean): boolean {
  const parsed = parseOwnerId(owner);
  if (!parsed) return false;
  const own = thisProcess();
  if (parsed.boot !== own.boot) return false;
  if (parsed.pid === own.pid) return parsed.startTime === own.startTime && openOwners.has(owner);
  if (!isPidAlive(parsed.pid)) return false;
  const stat = readProcessStat(parsed.pid);
  if (stat) {
    // A killed process stays a zombie until its parent reaps it; a reused pid started at another time.
    if (stat.state === "Z" || stat.state === "X") return false;
    if (parsed.startTime !== "x" && stat.startTime !== parsed.startTime) return false;
  }
  return hasLiveMarker();
}

/** State and start time of a process (Linux `/proc/<pid>/stat`), undefined elsewhere or when it is gone. */
function readProcessStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** First 8 hex digits of the kernel's boot id, so owners of an earlier boot never look alive; `x` if unknown. */
function readBootId(): string {
  try {
    const id = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").replace(/-/g, "").slice(0, 8);
    return /^[0-9a-f]{8}$/.test(id) ? id : "x";
  } catch {
    return "x";
  }
}
