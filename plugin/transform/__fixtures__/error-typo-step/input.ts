export async function typo() {
  "use stepp";
  return 1;
}
