// Child process for the crash test: appends batches to one run forever and reports each acknowledged batch
// on stdout ("ack <batch> <size>") only after appendEvents resolved. The parent SIGKILLs it at random points.
import { runnerImport } from "vite";

const [dataDir, runId, bundled] = process.argv.slice(2);
// The test passes an esbuild bundle of the world (fast start); without it the TS sources load through Vite.
const module = bundled
  ? await import(bundled)
  : (await runnerImport(new URL("../create-fs-world.ts", import.meta.url).pathname, { configFile: false, logLevel: "error" })).module;
const world = await module.createFsWorld({ dataDir });
const pad = "x".repeat(Number(process.env.CRASH_PAD ?? 2000));
process.stdout.write("ready\n");
for (let batch = 0; ; batch++) {
  const size = (batch % 3) + 1;
  const events = Array.from({ length: size }, (_, i) => ({
    type: "step_created",
    correlationId: `step_${process.pid}_${batch}_${i}`,
    stepName: "step//crash.ts//s",
    input: JSON.stringify({ pid: process.pid, batch, i, size, pad }),
  }));
  await world.appendEvents(runId, events);
  process.stdout.write(`ack ${process.pid} ${batch} ${size}\n`);
}
