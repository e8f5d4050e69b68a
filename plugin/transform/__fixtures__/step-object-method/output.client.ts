export const helpers = {
  async objectStep(value: number) {

    return value * 2;
  },
  "kebab-case": async function (value: number) {

    return value + 1;
  },
};
