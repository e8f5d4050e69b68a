export async function flaky() {
  "use step";
  if (Math.random() < 0.5) throw new Error("try again");
  return "ok";
}
flaky.maxRetries = 5;

export const arrowStep = async () => {
  "use step";
  return 1;
};
arrowStep.maxRetries = 0;
