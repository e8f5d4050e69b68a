import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Package specifiers resolve to the TypeScript sources, so tests never need a build first. */
export const SOURCE_ALIASES = [
  { find: /^vite-workflow\/internal$/, replacement: here("./runtime/internal.ts") },
  { find: /^vite-workflow\/runtime$/, replacement: here("./runtime/index.ts") },
  { find: /^vite-workflow\/api$/, replacement: here("./runtime/api/index.ts") },
  { find: /^vite-workflow\/node$/, replacement: here("./runtime/node/index.ts") },
  { find: /^vite-workflow$/, replacement: here("./runtime/public/index.ts") },
  { find: /^workflow\/api$/, replacement: here("./runtime/api/index.ts") },
  { find: /^workflow$/, replacement: here("./runtime/public/index.ts") },
];

export default defineConfig({
  resolve: { alias: SOURCE_ALIASES },
  test: {
    include: ["plugin/**/*.test.ts", "runtime/**/*.test.ts", "devtools-ui/**/*.test.ts", "bench/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
