export async function pipeline(prefix: string) {
  "use workflow";
  const format = async (value: string) => {
    "use step";
    return `${prefix}:${value}`;
  };
  return format("x");
}
