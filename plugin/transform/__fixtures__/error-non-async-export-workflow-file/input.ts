"use workflow";

export const LIMIT = 10;

export async function flow() {
  return LIMIT;
}
