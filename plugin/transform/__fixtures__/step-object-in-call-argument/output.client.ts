const __wf_step = (id, fn) => Object.assign(fn, { stepId: id }); import { createAgent } from "./agent-lib";

export const agent = createAgent({
  model: "gpt",
  tools: {
    search: {
      execute: __wf_step("step//workflows/step-object-in-call-argument.ts//tools/search/execute", async (query: string) => {

        return fetch(`https://search.example/?q=${query}`).then((response) => response.text());
      }),
    },
  },
});
