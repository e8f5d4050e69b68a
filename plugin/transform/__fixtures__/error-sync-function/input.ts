export function notAsync() {
  "use step";
  return 1;
}
