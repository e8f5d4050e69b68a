export const tools = {
  search: {
    description: "Search the web",
    execute: async ({ query }: { query: string }) => {
      "use step";
      return `results for ${query}`;
    },
  },
};
