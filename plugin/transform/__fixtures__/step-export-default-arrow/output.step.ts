import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; const __wf_step = (id, fn) => (__wf_registerStep(id, fn), fn); export default __wf_step("step//workflows/step-export-default-arrow.ts//default", async (orderId: string) => {

  return { orderId };
});
