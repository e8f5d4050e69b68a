export const helpers = {
  async objectStep(value: number) {
    "use step";
    return value * 2;
  },
  "kebab-case": async function (value: number) {
    "use step";
    return value + 1;
  },
};
