export async function counter() {
  "use workflow";
  let count = 0;
  async function bump() {
    "use step";
    count += 1;
    return count;
  }
  await bump();
  return count;
}
