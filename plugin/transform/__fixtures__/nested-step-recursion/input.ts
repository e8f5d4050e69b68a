export async function countdown(from: number) {
  "use workflow";
  async function tick(n: number): Promise<number> {
    "use step";
    return n <= 0 ? 0 : tick(n - 1);
  }
  return tick(from);
}
