import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import react from "@vitejs/plugin-react";
import { nitro } from "nitro/vite";
import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";

export default defineConfig({ plugins: [tanstackStart(), nitro(), react(), workflow()] });
