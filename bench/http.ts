import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchTarget } from "./http/bench-target.ts";
import { buildPlayground } from "./http/build-playground.ts";
import { interleaveRows } from "./http/interleave-rows.ts";
import { relateRows } from "./http/relate-rows.ts";
import { FILESYSTEM_REFERENCE } from "./http/measure-cases.ts";
import { startPlayground, startProductionServer } from "./http/playground-process.ts";
import { benchProdPostgres } from "./http/prod-pg-target.ts";
import type { TargetRow } from "./http/record-case.ts";
import type { BenchRow } from "./index.ts";

const TARGETS = ["dev", "dev-worker", "prod", "prod-pg"] as const;
type Target = (typeof TARGETS)[number];
/** What runs when `$BENCH_HTTP_TARGETS` is unset: `dev-worker` only on request. */
const DEFAULT_TARGETS: readonly Target[] = ["dev", "prod", "prod-pg"];

/**
 * The targets to run: `$BENCH_HTTP_TARGETS` (comma-separated, e.g. `prod,prod-pg`), else the defaults.
 * Throws for a name that is not a target.
 */
function selectedTargets(): Set<Target> {
  const names = (process.env.BENCH_HTTP_TARGETS ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(TARGETS as readonly string[]).includes(name)) throw new Error(`BENCH_HTTP_TARGETS names "${name}": use ${TARGETS.join(", ")}`);
  }
  return new Set(names.length > 0 ? (names as Target[]) : DEFAULT_TARGETS);
}

/**
 * The benchmark route contract (/api/start, /api/runs, /api/hooks) over HTTP against up to four targets,
 * each in its own process on a free loopback port: `dev:` the playground dev server (`vite playground`,
 * Nitro's routes in Vite's thread), on request `dev-worker:` the same with Nitro's routes in its worker
 * thread (`NITRO_DEV_RUNNER=node-worker`), and `prod:` the playground built for production
 * (`node <output>/server/index.mjs`), all on the filesystem world in an empty temp data dir, and `prod-pg:`
 * the same build on the PostgreSQL world in a fresh schema, with two cases of its own across two
 * instances. Client wall clock; completion by polling
 * `GET /api/runs/:id` every 2% of the elapsed time, clamped to [1, 250] ms. The rows of every target come
 * out side by side, case by case.
 */
export async function benchHttp(): Promise<BenchRow[]> {
  const selected = selectedTargets();
  const tmp = mkdtempSync(join(tmpdir(), "wf-bench-http-"));
  try {
    const results: Partial<Record<Target, TargetRow[]>> = {};
    // Built before any server runs, so the build's CPU use never overlaps a measurement.
    let outputDir: string | undefined;
    if (selected.has("prod") || selected.has("prod-pg")) {
      const buildName = "vite build of the playground (temp output dir)";
      const buildRows: TargetRow[] = [];
      try {
        const build = await buildPlayground(join(tmp, "prod-build"));
        outputDir = build.outputDir;
        buildRows.push({ key: buildName, name: buildName, value: build.ms, unit: "ms" });
      } catch (error) {
        console.warn(`http bench: prod: ${(error as Error).message}`);
        buildRows.push({ key: buildName, name: `${buildName} [failed: see the output above]`, value: Number.NaN, unit: "ms" });
      }
      results[selected.has("prod") ? "prod" : "prod-pg"] = buildRows;
    }

    if (selected.has("dev")) {
      results.dev = await benchTarget("dev", startPlayground, join(tmp, "dev-data"), { reference: FILESYSTEM_REFERENCE, sizeDataDir: true });
    }
    if (selected.has("dev-worker")) {
      const start = (dataDir: string) => startPlayground(dataDir, { env: { NITRO_DEV_RUNNER: "node-worker" } });
      results["dev-worker"] = await benchTarget("dev-worker", start, join(tmp, "dev-worker-data"), { reference: FILESYSTEM_REFERENCE, sizeDataDir: true });
    }
    if (outputDir !== undefined) {
      const output = outputDir;
      if (selected.has("prod")) {
        const start = (dataDir: string) => startProductionServer(output, dataDir);
        results.prod!.push(...(await benchTarget("prod", start, join(tmp, "prod-data"), { reference: FILESYSTEM_REFERENCE, sizeDataDir: true })));
      }
      if (selected.has("prod-pg")) (results["prod-pg"] ??= []).push(...(await benchProdPostgres(output, join(tmp, "prod-pg-data"))));
    }
    // Dev figures are meant to stay within 20% of production's: each dev row says how far it is.
    if (results.dev && results.prod) results.dev = relateRows(results.dev, results.prod, "prod");
    if (results["dev-worker"] && results.prod) results["dev-worker"] = relateRows(results["dev-worker"], results.prod, "prod");
    // In the order of TARGETS, whatever the order of the variable.
    return interleaveRows(Object.fromEntries(TARGETS.flatMap((target) => (results[target] ? [[target, results[target]]] : []))));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
