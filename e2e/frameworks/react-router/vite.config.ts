import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";

export default defineConfig({ plugins: [reactRouter(), workflow()] });
