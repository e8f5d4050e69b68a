import { FatalError, sleep } from "workflow";

/** The Getting Started workflow of the Nitro guide, with a one-second sleep. */
export async function handleUserSignup(email: string) {
  "use workflow";

  const user = await createUser(email);
  await sendWelcomeEmail(user);

  await sleep("1s");
  await sendOnboardingEmail(user);

  return { userId: user.id, status: "onboarded" };
}

async function createUser(email: string) {
  "use step";
  return { id: crypto.randomUUID(), email };
}

async function sendWelcomeEmail(user: { id: string; email: string }) {
  "use step";
  if (!user.email.includes("@")) throw new FatalError("Invalid email");
  return { sentTo: user.email };
}

async function sendOnboardingEmail(user: { id: string; email: string }) {
  "use step";
  return { sentTo: user.email };
}
