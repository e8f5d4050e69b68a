import { readdirSync, readFileSync } from "node:fs";

/** Linux reports `/proc/<pid>/stat` times in USER_HZ, which is 100 on every Linux build Node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms, 10 ms resolution) used so far by the processes of process group `pgid`, all
 * their threads included (a server's libuv pool doing its fdatasyncs, V8's GC threads), plus what their
 * reaped children used. Read from `/proc`: undefined where there is none (not Linux). A process that has
 * exited without being reaped by the group no longer counts.
 * @example const before = processGroupCpuMs(child.pid); ...; const used = processGroupCpuMs(child.pid) - before;
 */
export function processGroupCpuMs(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // Exited while we listed.
    }
    // The command name (field 2) is in parentheses and may hold spaces or ")": fields resume after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): pgrp is field 5, utime, stime, cutime, cstime are fields 14 to 17.
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
