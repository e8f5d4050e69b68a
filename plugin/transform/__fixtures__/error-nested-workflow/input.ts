export async function outer() {
  "use workflow";
  async function inner() {
    "use workflow";
    return 1;
  }
  return inner();
}
