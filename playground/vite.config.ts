import { nitro } from "nitro/vite";
import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";

// `npm run dev` serves this app: Vite for the pages in src/, Nitro for the API routes in server/,
// and the workflow plugin for the workflows in workflows/.
export default defineConfig({
  plugins: [nitro({ serverDir: "./server" }), workflow()],
});
