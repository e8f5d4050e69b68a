export async function outer() {
  "use step";
  async function inner() {
    "use step";
    return 1;
  }
  return inner();
}
