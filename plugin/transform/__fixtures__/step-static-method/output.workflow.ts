export class Billing {
  static async charge(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-static-method.ts//Billing/charge")(...args);


}

  static rate = 0.2;

  total(amount: number) {
    return amount * (1 + Billing.rate);
  }
} Billing.charge.stepId = "step//workflows/step-static-method.ts//Billing/charge";
