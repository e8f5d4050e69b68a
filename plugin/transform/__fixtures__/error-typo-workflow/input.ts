export async function typo() {
  "use wokflow";
  return 1;
}
