import { greet } from "./steps/greet.ts";

/** The smallest workflow: one step, whose code lives in its own file (edit it while the server runs). */
export async function greetingWorkflow(name: string) {
  "use workflow";

  const message = await greet(name);
  return { message };
}
