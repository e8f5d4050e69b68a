export async function greeter(name: string) {
  "use workflow";
  async function shout(text: string) {
    "use step";
    return text.toUpperCase();
  }
  return shout(name);
}
