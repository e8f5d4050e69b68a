import { createAgent } from "./agent-lib";

export const agent = createAgent({
  model: "gpt",
  tools: {
    search: {
      execute: async (query: string) => {
        "use step";
        return fetch(`https://search.example/?q=${query}`).then((response) => response.text());
      },
    },
  },
});
