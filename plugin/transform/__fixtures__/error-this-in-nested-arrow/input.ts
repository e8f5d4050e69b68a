export async function outer() {
  "use step";
  const read = () => this;
  return read();
}
