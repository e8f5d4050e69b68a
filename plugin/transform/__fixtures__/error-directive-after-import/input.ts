import { sleep } from "workflow";
"use workflow";

export async function flow() {
  await sleep("1s");
}
