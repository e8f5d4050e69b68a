export async function variadic() {
  "use step";
  return arguments.length;
}
