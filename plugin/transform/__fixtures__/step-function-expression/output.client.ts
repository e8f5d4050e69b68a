export const sendEmail = async function (to: string, body: string) {

  await fetch("https://mail.example/send", { method: "POST", body: JSON.stringify({ to, body }) });
}; sendEmail.stepId = "step//workflows/step-function-expression.ts//sendEmail";
