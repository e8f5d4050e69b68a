import { nitro } from "nitro/vite";
import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";

// The playground with Vite DevTools (`@vitejs/devtools`): `vite playground --config playground/vite-devtools.config.ts`.
// The workflow panel is then a dock of Vite DevTools ("Workflows") instead of the launcher button.
export default defineConfig({
  // Client authentication is off so the panel opens without a prompt: this config is for local use only.
  devtools: { enabled: true, clientAuth: false },
  plugins: [nitro({ serverDir: "./server" }), workflow()],
});
