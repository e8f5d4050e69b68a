import { createAgent } from "./agent-lib";

export const agent = createAgent({
  model: "gpt",
  tools: {
    search: {
      execute: (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-object-in-call-argument.ts//tools/search/execute")


),
    },
  },
});
