// `node bench/http/build-playground.mjs <dir>`: the playground's production build (what `vite build playground`
// does), but with Nitro's output in `<dir>/output` and its build dir in `<dir>/build`, so the bench never
// touches `playground/.output` or `playground/node_modules/.nitro/vite` that the e2e specs and the dev
// server use. Plain JS in a child process: the build's plugins and workers stay out of the bench process.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createBuilder } from "vite";

const PLAYGROUND = fileURLToPath(new URL("../../playground", import.meta.url));
// Nitro records every build's output dir here (for `vite preview`); put back what was there before.
const LAST_BUILD = join(PLAYGROUND, "node_modules/.nitro/last-build.json");

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node bench/http/build-playground.mjs <dir>");
  process.exit(2);
}

const previous = await readFile(LAST_BUILD, "utf8").catch(() => undefined);
try {
  const builder = await createBuilder({
    root: PLAYGROUND,
    configFile: join(PLAYGROUND, "vite.config.ts"),
    logLevel: "warn",
    // Read by the Nitro plugin and merged over the playground's own Nitro options.
    nitro: { output: { dir: resolve(dir, "output") }, buildDir: resolve(dir, "build") },
  });
  await builder.buildApp();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  // Only if it still names this build: a build of `playground/.output` in the meantime keeps its record.
  if ((await recordedOutputDir()) === resolve(dir, "output")) {
    if (previous === undefined) await rm(LAST_BUILD, { force: true });
    else await writeFile(LAST_BUILD, previous);
  }
}
// The build's plugins may keep handles open (watchers, workers); the parent waits for this exit.
process.exit();

/** The output dir `last-build.json` names (Nitro writes it relative to the file itself), if readable. */
async function recordedOutputDir() {
  try {
    return resolve(LAST_BUILD, JSON.parse(await readFile(LAST_BUILD, "utf8")).outputDir);
  } catch {
    return undefined;
  }
}
