import { mkdirSync } from "node:fs";
import { dataDirSize } from "./data-dir-size.ts";
import { type CaseReference, measureCases, PASSES } from "./measure-cases.ts";
import type { PlaygroundProcess } from "./playground-process.ts";
import { createCaseRecorder, type TargetRow } from "./record-case.ts";
import { createRunClient, type RunClient } from "./run-client.ts";

/** How one target is measured beyond the shared cases. */
export interface TargetOptions {
  /** Targets, floor and upstream figures printed next to the figures. */
  reference: CaseReference;
  /** Whether to add the data dir's files and size after the server stopped (not for a database world). */
  sizeDataDir: boolean;
  /** More cases, run after the shared ones while the server still runs (they may kill it); they append to `rows`. */
  extraCases?: (server: PlaygroundProcess, rows: TargetRow[]) => Promise<void>;
}

/** The row of a server start, for targets that could not start one. */
export const SERVER_START = "server start → /api/health";

/**
 * Starts one target's server on the empty `dataDir`, runs every case against it three times (`PASSES`),
 * stops it (also when a case throws) and, for the filesystem world, sizes the data dir.
 */
export async function benchTarget(
  target: string,
  start: (dataDir: string) => Promise<PlaygroundProcess>,
  dataDir: string,
  options: TargetOptions,
): Promise<TargetRow[]> {
  mkdirSync(dataDir);
  const rows: TargetRow[] = [];
  const t0 = performance.now();
  let server: PlaygroundProcess;
  try {
    server = await start(dataDir);
  } catch (error) {
    console.warn(`http bench: ${target}: ${(error as Error).message}`);
    return [{ key: SERVER_START, name: `${SERVER_START} [failed: see the output above]`, value: Number.NaN, unit: "ms" }];
  }
  rows.push({ key: SERVER_START, name: SERVER_START, value: performance.now() - t0, unit: "ms" });

  let runs = 0;
  const base = createRunClient(server.url);
  const client: RunClient = { ...base, start: (...args) => ((runs += 1), base.start(...args)) };
  try {
    const record = createCaseRecorder(rows, server, target);
    for (const pass of PASSES) await measureCases(client, record, options.reference, pass, () => server.cpuMs());
    await options.extraCases?.(server, rows);
  } finally {
    base.close();
    await server.stop();
  }
  if (!options.sizeDataDir) return rows;

  // After the server stopped, so the figure is what stays on disk.
  const { files, bytes } = await dataDirSize(dataDir);
  for (const [name, value, unit] of [
    [`data dir after ${runs} runs: files`, files, "files"],
    [`data dir after ${runs} runs: size`, bytes / 1024, "KB"],
  ] as const) {
    rows.push({ key: name, name, value, unit });
  }
  return rows;
}
