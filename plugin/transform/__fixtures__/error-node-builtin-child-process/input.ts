import { exec } from "child_process";

export async function shell() {
  "use workflow";
  return helper();
}

function helper() {
  return exec("ls");
}
