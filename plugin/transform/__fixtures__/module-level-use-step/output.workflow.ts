

 

export async function loadConfig(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/module-level-use-step.ts//loadConfig")(...args);

} loadConfig.stepId = "step//workflows/module-level-use-step.ts//loadConfig";

export const saveConfig = (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/module-level-use-step.ts//saveConfig")

);

export type Config = Record<string, unknown>;

function parse(text: string) {
  return JSON.parse(text);
}

export default async function (...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/module-level-use-step.ts//default")(...args);

}
