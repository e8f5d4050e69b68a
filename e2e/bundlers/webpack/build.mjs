// Builds the sample server with webpack: `node e2e/bundlers/webpack/build.mjs` → dist/server.mjs.
import { fileURLToPath } from "node:url";
import webpack from "webpack";
import { workflow } from "vite-workflow/webpack";

const app = fileURLToPath(new URL("../app", import.meta.url));
const compiler = webpack({
  mode: "production",
  context: app,
  target: "node20",
  entry: "./server.js",
  devtool: false,
  optimization: { minimize: false },
  experiments: { outputModule: true },
  output: {
    path: fileURLToPath(new URL("dist", import.meta.url)),
    filename: "server.mjs",
    module: true,
    chunkFormat: "module",
    library: { type: "module" },
  },
  externalsType: "module",
  externalsPresets: { node: true },
  externals: [/^vite-workflow(\/|$)/],
  plugins: [workflow({ root: app })],
});
const stats = await new Promise((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))));
await new Promise((resolve) => compiler.close(resolve));
if (stats.hasErrors()) {
  console.error(stats.toString("errors-only"));
  process.exit(1);
}
