import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export const Mailer = class {
  static async ["send-welcome"](to: string) {

    return `sent to ${to}`;
  }
}; __wf_registerStep("step//workflows/step-class-expression-static-method.ts//Mailer/send-welcome", Mailer["send-welcome"]);
