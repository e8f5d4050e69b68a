"use workflow";
"use step";

export async function confused() {
  return 1;
}
