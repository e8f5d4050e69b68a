export class Billing {
  static async charge(amount: number) {

    return { amount };
  }

  static rate = 0.2;

  total(amount: number) {
    return amount * (1 + Billing.rate);
  }
} Billing.charge.stepId = "step//workflows/step-static-method.ts//Billing/charge";
