export async function confused() {
  "use step";
  "use workflow";
  return 1;
}
