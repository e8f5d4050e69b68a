// Builds the sample server with Rollup: `node e2e/bundlers/rollup/build.mjs` → dist/server.mjs.
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { workflow } from "vite-workflow/rollup";

const app = fileURLToPath(new URL("../app", import.meta.url));
const bundle = await rollup({
  input: `${app}/server.js`,
  external: [/^node:/, /^vite-workflow(\/|$)/],
  plugins: [workflow({ root: app })],
});
await bundle.write({ file: fileURLToPath(new URL("dist/server.mjs", import.meta.url)), format: "es" });
await bundle.close();
