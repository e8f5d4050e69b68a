import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export const chargeCard = async (amount: number) => {

  return { charged: amount };
}; __wf_registerStep("step//workflows/step-arrow-const.ts//chargeCard", chargeCard);
