#!/usr/bin/env node
// The `workflow` command. The CLI is compiled with the package (`npm run build` → dist/).
import { existsSync } from "node:fs";

const entry = new URL("../dist/runtime/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("workflow: the CLI is not built. Run `npm run build` first.\n");
  process.exit(1);
}
const { main } = await import(entry.href);
const controller = new AbortController();
// The first Ctrl-C ends a stream tail cleanly; a second one exits at once.
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
