import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";
import { apiRoutes } from "./api-routes-plugin.ts";

// A plain Vite app (no Nitro): `npx vite playground/plain-vite`, then
// `curl -X POST 'localhost:5173/api/hello?name=you'` and `curl localhost:5173/api/runs/<runId>`.
export default defineConfig({
  plugins: [workflow(), apiRoutes()],
});
