const __wf_step = (id, fn) => Object.assign(fn, { stepId: id }); export const tools = {
  search: {
    description: "Search the web",
    execute: __wf_step("step//workflows/step-object-property-arrow.ts//tools/search/execute", async ({ query }: { query: string }) => {

      return `results for ${query}`;
    }),
  },
};
