import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; const __wf_step = (id, fn) => (__wf_registerStep(id, fn), fn); export const tools = {
  search: {
    description: "Search the web",
    execute: __wf_step("step//workflows/step-object-property-arrow.ts//tools/search/execute", async ({ query }: { query: string }) => {

      return `results for ${query}`;
    }),
  },
};
