export async function fanOut(items: string[], tag: string) {
  "use workflow";
  return Promise.all(
    items.map(async (item, index) => {
      const handle = async () => {
        "use step";
        return `${tag}/${item}/${index}`;
      };
      return handle();
    }),
  );
}
