export const Mailer = class {
  static async ["send-welcome"](...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-class-expression-static-method.ts//Mailer/send-welcome")(...args);


}
}; Mailer["send-welcome"].stepId = "step//workflows/step-class-expression-static-method.ts//Mailer/send-welcome";
