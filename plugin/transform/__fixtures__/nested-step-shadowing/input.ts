export async function shadow({ user, limit }: { user: string; limit: number }, [first]: string[]) {
  "use workflow";
  const label = "outer";
  async function inner(label: string) {
    "use step";
    const limit = 3;
    for (const item of [first]) {
      try {
        return { label, limit, item, user };
      } catch (user) {
        return user;
      }
    }
  }
  return inner(label);
}
