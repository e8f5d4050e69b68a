export const sendEmail = async function (to: string, body: string) {

  await fetch("https://mail.example/send", { method: "POST", body: JSON.stringify({ to, body }) });
};
