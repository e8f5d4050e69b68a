export async function createUser(email: string): Promise<{ id: string; email: string }> {

  return { id: crypto.randomUUID(), email };
} createUser.stepId = "step//workflows/step-exported-declaration.ts//createUser";
