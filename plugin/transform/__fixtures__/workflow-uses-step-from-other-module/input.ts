import { createUser, sendWelcomeEmail } from "./steps";
import { sleep } from "workflow";

export async function handleUserSignup(email: string) {
  "use workflow";
  const user = await createUser(email);
  await sendWelcomeEmail(user);
  await sleep("5s");
  return { userId: user.id };
}
