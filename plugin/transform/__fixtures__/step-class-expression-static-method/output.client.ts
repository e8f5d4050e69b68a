export const Mailer = class {
  static async ["send-welcome"](to: string) {

    return `sent to ${to}`;
  }
}; Mailer["send-welcome"].stepId = "step//workflows/step-class-expression-static-method.ts//Mailer/send-welcome";
