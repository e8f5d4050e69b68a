export async function strict() {
  "use strict";

  return 1;
} strict.stepId = "step//workflows/use-strict-and-step.ts//strict";
