export async function createUser(email: string): Promise<{ id: string; email: string }> {

  return { id: crypto.randomUUID(), email };
}
