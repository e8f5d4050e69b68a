export async function flaky() {

  if (Math.random() < 0.5) throw new Error("try again");
  return "ok";
}
flaky.maxRetries = 5;

export const arrowStep = async () => {

  return 1;
};
arrowStep.maxRetries = 0;
