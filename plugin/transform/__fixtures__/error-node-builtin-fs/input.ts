import { readFileSync } from "fs";

export async function readInWorkflow(path: string) {
  "use workflow";
  return readFileSync(path, "utf8");
}
