export async function late() {
  const x = 1;
  "use step";
  return x;
}
