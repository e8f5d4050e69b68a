import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; async function createUser(email: string) {

  return { id: crypto.randomUUID(), email };
} __wf_registerStep("step//workflows/step-function-declaration.ts//createUser", createUser);

export async function run() {
  return createUser("a@b.c");
}
