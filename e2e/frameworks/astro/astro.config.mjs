import node from "@astrojs/node";
import { defineConfig } from "astro/config";
import { workflow } from "vite-workflow/vite";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  vite: { plugins: [workflow()] },
});
