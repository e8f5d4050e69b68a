export async function withHelper(name: string) {
  "use workflow";
  const format = (value: string) => value.trim();
  async function save() {
    "use step";
    return format(name);
  }
  return save();
}
