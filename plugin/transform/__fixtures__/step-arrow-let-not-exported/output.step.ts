import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; let audit = async (message: string) => {

  console.log(message);
}; __wf_registerStep("step//workflows/step-arrow-let-not-exported.ts//audit", audit);

export async function log(message: string) {
  await audit(message);
}
