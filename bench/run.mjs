// Loads the TypeScript benchmark runner through Vite's module runner (Node 20 cannot strip types itself).
import { runnerImport } from "vite";
await runnerImport(new URL("./index.ts", import.meta.url).pathname, { configFile: false, logLevel: "error" });
