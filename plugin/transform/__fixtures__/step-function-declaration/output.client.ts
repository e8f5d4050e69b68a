async function createUser(email: string) {

  return { id: crypto.randomUUID(), email };
} createUser.stepId = "step//workflows/step-function-declaration.ts//createUser";

export async function run() {
  return createUser("a@b.c");
}
