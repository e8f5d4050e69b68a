export const tools = {
  search: {
    description: "Search the web",
    execute: async ({ query }: { query: string }) => {

      return `results for ${query}`;
    },
  },
};
