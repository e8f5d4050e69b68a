import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export const sendEmail = async function (to: string, body: string) {

  await fetch("https://mail.example/send", { method: "POST", body: JSON.stringify({ to, body }) });
}; __wf_registerStep("step//workflows/step-function-expression.ts//sendEmail", sendEmail);
