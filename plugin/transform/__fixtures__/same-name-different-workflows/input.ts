export async function first() {
  "use workflow";
  async function work() {
    "use step";
    return 1;
  }
  return work();
}

export async function second() {
  "use workflow";
  async function work() {
    "use step";
    return 2;
  }
  return work();
}
