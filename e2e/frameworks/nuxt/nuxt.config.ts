export default defineNuxtConfig({
  modules: ["vite-workflow/nuxt"],
  compatibilityDate: "2026-01-01",
});
