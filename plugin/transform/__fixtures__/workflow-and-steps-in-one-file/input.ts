import * as fs from "fs";
import { FatalError, sleep } from "workflow";

export async function processFileWorkflow(filePath: string) {
  "use workflow";
  const content = await read(filePath);
  if (!content) throw new FatalError("empty file");
  await sleep("1s");
  return content;
}

async function read(filePath: string) {
  "use step";
  return fs.readFileSync(filePath, "utf-8");
}
