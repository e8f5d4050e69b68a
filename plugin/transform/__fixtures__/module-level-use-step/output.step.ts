import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; const __wf_step = (id, fn) => (__wf_registerStep(id, fn), fn); 

import { readFile } from "node:fs/promises";

export async function loadConfig(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
} __wf_registerStep("step//workflows/module-level-use-step.ts//loadConfig", loadConfig);

export const saveConfig = async (path: string, value: unknown) => {
  return { path, value };
}; __wf_registerStep("step//workflows/module-level-use-step.ts//saveConfig", saveConfig);

export type Config = Record<string, unknown>;

function parse(text: string) {
  return JSON.parse(text);
}

export default __wf_step("step//workflows/module-level-use-step.ts//default", async function () {
  return parse("{}");
})
