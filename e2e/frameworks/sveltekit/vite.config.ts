import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";
import { workflow } from "vite-workflow/vite";

export default defineConfig({ plugins: [sveltekit({ adapter: adapter() }), workflow()] });
