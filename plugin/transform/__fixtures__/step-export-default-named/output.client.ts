export default async function processPayment(orderId: string) {

  return { orderId, paid: true };
} processPayment.stepId = "step//workflows/step-export-default-named.ts//processPayment";
