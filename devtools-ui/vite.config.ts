import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * Builds the devtools panel into `devtools-ui/dist/`, served by the dev server at `/__workflow/`.
 * JSX goes through Vite's own oxc transform with Preact's automatic runtime; no framework plugin needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/__workflow/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
  server: {
    // `npm run dev:devtools` against a running playground: proxy the API to it.
    proxy: { "/__workflow/api": { target: process.env.WORKFLOW_DEVTOOLS_API ?? "http://localhost:5173", changeOrigin: false } },
  },
});
