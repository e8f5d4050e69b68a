import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; 

async function first(value: number) {
  return value;
} __wf_registerStep("step//workflows/module-level-use-step-export-list.ts//first", first);

const second = async (value: number) => value * 2; __wf_registerStep("step//workflows/module-level-use-step-export-list.ts//second", second);

export { first, second as double };
