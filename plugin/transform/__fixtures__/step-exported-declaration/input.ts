export async function createUser(email: string): Promise<{ id: string; email: string }> {
  "use step";
  return { id: crypto.randomUUID(), email };
}
