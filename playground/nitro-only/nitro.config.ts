import { defineConfig } from "nitro";
import { workflowNitro } from "vite-workflow/nitro";

// A Nitro app without Vite (the Hono, Express and Nitro guides): `nitro build` compiles the workflows,
// `node .output/server/index.mjs` runs them.
export default defineConfig({
  serverDir: "./server",
  modules: [workflowNitro()],
});
