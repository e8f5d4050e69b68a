export function makeTool(apiKey: string) {
  return {
    execute: async (query: string) => {
      "use step";
      return `${apiKey}:${query}`;
    },
  };
}
