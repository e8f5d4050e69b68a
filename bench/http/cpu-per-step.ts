import { availableParallelism } from "node:os";

/** CPU ms per step a measured stretch of work cost the server (all its threads) and the client (this process). */
export interface CpuPerStep {
  server: number;
  client: number;
}

/**
 * Starts measuring the CPU both sides of the socket use: `serverCpuMs` reads the server's total so far (see
 * `PlaygroundProcess.cpuMs`), the client is this process. `stop(steps)` divides what each used by `steps`;
 * undefined when the server's CPU cannot be read.
 * @example const meter = startCpuMeter(server.cpuMs); await batches(); const perStep = meter.stop(1000);
 */
export function startCpuMeter(serverCpuMs: () => number | undefined): { stop(steps: number): CpuPerStep | undefined } {
  const server0 = serverCpuMs();
  const client0 = process.cpuUsage();
  return {
    stop(steps) {
      const server1 = serverCpuMs();
      const client = process.cpuUsage(client0);
      if (server0 === undefined || server1 === undefined) return undefined;
      return { server: (server1 - server0) / steps, client: (client.user + client.system) / 1000 / steps };
    },
  };
}

/**
 * Steps per second this machine's cores could run at most when each step costs `perStep` of CPU on the two
 * sides together: the ceiling any scheduling of the work across threads and processes stays under.
 */
export function cpuCeiling(perStep: CpuPerStep, cores = availableParallelism()): number {
  return (cores * 1000) / (perStep.server + perStep.client);
}
