import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; const __wf_step = (id, fn) => (__wf_registerStep(id, fn), fn); export const helpers = {
  objectStep: __wf_step("step//workflows/step-object-method.ts//helpers/objectStep", async function(value: number) {

    return value * 2;
  }),
  "kebab-case": __wf_step("step//workflows/step-object-method.ts//helpers/kebab-case", async function (value: number) {

    return value + 1;
  }),
};
