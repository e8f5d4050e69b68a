import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; const __wf_step = (id, fn) => (__wf_registerStep(id, fn), fn); export default __wf_step("step//workflows/step-export-default-anonymous.ts//default", async function (orderId: string) {

  return { orderId };
})
