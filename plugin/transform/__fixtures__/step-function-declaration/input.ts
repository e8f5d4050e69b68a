async function createUser(email: string) {
  "use step";
  return { id: crypto.randomUUID(), email };
}

export async function run() {
  return createUser("a@b.c");
}
