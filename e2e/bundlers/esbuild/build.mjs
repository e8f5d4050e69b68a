// Builds the sample server with esbuild: `node e2e/bundlers/esbuild/build.mjs` → dist/server.mjs.
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { workflow } from "vite-workflow/esbuild";

const app = fileURLToPath(new URL("../app", import.meta.url));
await esbuild.build({
  entryPoints: [`${app}/server.js`],
  outfile: fileURLToPath(new URL("dist/server.mjs", import.meta.url)),
  bundle: true,
  platform: "node",
  format: "esm",
  external: ["vite-workflow"],
  logLevel: "warning",
  plugins: [workflow({ root: app })],
});
