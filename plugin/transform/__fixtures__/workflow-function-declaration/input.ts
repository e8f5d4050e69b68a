import { sleep } from "workflow";

export async function userSignup(email: string) {
  "use workflow";
  await sleep("7 days");
  return { email };
}
