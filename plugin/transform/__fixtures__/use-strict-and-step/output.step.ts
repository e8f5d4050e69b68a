import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function strict() {
  "use strict";

  return 1;
} __wf_registerStep("step//workflows/use-strict-and-step.ts//strict", strict);
