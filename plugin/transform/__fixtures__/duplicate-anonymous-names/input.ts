export async function twoTools() {
  "use workflow";
  const a = run(async () => {
    "use step";
    return 1;
  });
  const b = run(async () => {
    "use step";
    return 2;
  });
  return [await a, await b];
}

function run(fn: () => Promise<number>) {
  return fn();
}
