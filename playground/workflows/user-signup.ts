import { FatalError, getStepMetadata, sleep } from "workflow";

interface User {
  id: string;
  email: string;
}

/** The Getting Started workflow: create a user, welcome them, wait, then check in. */
export async function userSignup(email: string) {
  "use workflow";

  const user = await createUser(email);
  await sendWelcomeEmail(user);

  // The docs wait "7 days"; the playground waits two seconds so the whole run fits on one screen.
  await sleep("2s");
  await sendOneWeekCheckInEmail(user);

  return { userId: user.id, status: "done" };
}

async function createUser(email: string): Promise<User> {
  "use step";
  return { id: crypto.randomUUID(), email };
}

async function sendWelcomeEmail(user: User) {
  "use step";
  // Addresses on the reserved `.invalid` domain can never receive mail: retrying would not help.
  if (user.email.endsWith(".invalid")) {
    throw new FatalError(`Cannot deliver the welcome email to ${user.email}`);
  }
  // `flaky...` addresses fail once, to show an automatic retry.
  if (user.email.startsWith("flaky") && getStepMetadata().attempt === 1) {
    throw new Error("The mail server is busy, try again");
  }
  return { sentTo: user.email };
}

async function sendOneWeekCheckInEmail(user: User) {
  "use step";
  return { sentTo: user.email };
}
