import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export default async function processPayment(orderId: string) {

  return { orderId, paid: true };
} __wf_registerStep("step//workflows/step-export-default-named.ts//processPayment", processPayment);
