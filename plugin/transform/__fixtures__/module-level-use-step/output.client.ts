const __wf_step = (id, fn) => Object.assign(fn, { stepId: id }); 

import { readFile } from "node:fs/promises";

export async function loadConfig(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
} loadConfig.stepId = "step//workflows/module-level-use-step.ts//loadConfig";

export const saveConfig = async (path: string, value: unknown) => {
  return { path, value };
}; saveConfig.stepId = "step//workflows/module-level-use-step.ts//saveConfig";

export type Config = Record<string, unknown>;

function parse(text: string) {
  return JSON.parse(text);
}

export default __wf_step("step//workflows/module-level-use-step.ts//default", async function () {
  return parse("{}");
})
