import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { processGroupCpuMs } from "./process-group-cpu.ts";

// Burns `ms` of its own CPU, says so, then waits to be killed (a process that exits no longer counts).
const burn = (ms: number) => `const t=process.cpuUsage();while(process.cpuUsage(t).user<${ms * 1000});console.log("burnt");setInterval(()=>{},1e6);`;

describe.runIf(process.platform === "linux")("the CPU a process group used", () => {
  it("adds up every process of the group, and nothing outside it", async () => {
    // A leader of a new group that starts a second process in its group; both burn 300 ms of CPU.
    const leader = spawn(process.execPath, ["-e", `require("child_process").spawn(process.execPath,["-e",${JSON.stringify(burn(300))}],{stdio:"inherit"});${burn(300)}`], {
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let burnt = 0;
      leader.stdout!.setEncoding("utf8");
      for await (const chunk of leader.stdout!) if ((burnt += (chunk as string).split("burnt").length - 1) === 2) break;
      const used = processGroupCpuMs(leader.pid!)!;
      expect(used).toBeGreaterThanOrEqual(550);
      // Startup of two Node processes plus the burn, on a loaded machine: far below a second each.
      expect(used).toBeLessThan(5_000);
    } finally {
      process.kill(-leader.pid!, "SIGKILL");
      await once(leader, "exit");
    }
    // No process can have a group id above Linux's largest pid (2^22).
    expect(processGroupCpuMs(2 ** 22 + 1)).toBe(0);
  });
});
