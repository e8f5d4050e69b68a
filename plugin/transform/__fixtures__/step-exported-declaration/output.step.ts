import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function createUser(email: string): Promise<{ id: string; email: string }> {

  return { id: crypto.randomUUID(), email };
} __wf_registerStep("step//workflows/step-exported-declaration.ts//createUser", createUser);
