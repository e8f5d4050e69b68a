export const tools = {
  search: {
    description: "Search the web",
    execute: (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-object-property-arrow.ts//tools/search/execute")


),
  },
};
