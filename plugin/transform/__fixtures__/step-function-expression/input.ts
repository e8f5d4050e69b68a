export const sendEmail = async function (to: string, body: string) {
  "use step";
  await fetch("https://mail.example/send", { method: "POST", body: JSON.stringify({ to, body }) });
};
