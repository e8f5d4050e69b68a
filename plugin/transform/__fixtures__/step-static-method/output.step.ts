import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export class Billing {
  static async charge(amount: number) {

    return { amount };
  }

  static rate = 0.2;

  total(amount: number) {
    return amount * (1 + Billing.rate);
  }
} __wf_registerStep("step//workflows/step-static-method.ts//Billing/charge", Billing.charge);
