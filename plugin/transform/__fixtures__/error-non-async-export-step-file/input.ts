"use step";

export async function ok() {
  return 1;
}

export function notOk() {
  return 2;
}
