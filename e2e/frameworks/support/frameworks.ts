import { join } from "node:path";
import { FRAMEWORKS_DIR, FRAMEWORKS_PORT } from "./fixture-server.ts";

/** How to run one fixture app: its dev server, its production build and the built server. */
export interface Framework {
  /** Directory under e2e/frameworks/, and the spec's title. */
  name: string;
  appDir: string;
  devPort: number;
  productionPort: number;
  /** The dev server, listening on `port`. */
  dev(port: number): string[];
  /** The framework's Node production build. */
  build: string[];
  /** The built server; it reads the port from `PORT`. */
  start: string[];
}

function framework(index: number, name: string, dev: (port: number) => string[], build: string[], start: string[]): Framework {
  return {
    name,
    appDir: join(FRAMEWORKS_DIR, name),
    devPort: FRAMEWORKS_PORT + 2 * index,
    productionPort: FRAMEWORKS_PORT + 2 * index + 1,
    dev,
    build,
    start,
  };
}

const viteDev = (port: number) => ["vite", "dev", "--port", String(port), "--strictPort"];
const nitroOutput = ["node", ".output/server/index.mjs"];

export const FRAMEWORKS: Record<string, Framework> = {
  sveltekit: framework(0, "sveltekit", viteDev, ["vite", "build"], ["node", "build/index.js"]),
  "react-router": framework(
    1,
    "react-router",
    (port) => ["react-router", "dev", "--port", String(port), "--strictPort"],
    ["react-router", "build"],
    ["react-router-serve", "./build/server/index.js"],
  ),
  astro: framework(2, "astro", (port) => ["astro", "dev", "--port", String(port)], ["astro", "build"], ["node", "dist/server/entry.mjs"]),
  nuxt: framework(3, "nuxt", (port) => ["nuxt", "dev", "--port", String(port)], ["nuxt", "build"], nitroOutput),
  "tanstack-start": framework(4, "tanstack-start", viteDev, ["vite", "build"], nitroOutput),
  solidstart: framework(5, "solidstart", viteDev, ["vite", "build"], nitroOutput),
};
