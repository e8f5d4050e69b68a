"use-step";

export async function typo() {
  return 1;
}
