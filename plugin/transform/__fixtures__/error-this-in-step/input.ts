export const counter = {
  count: 0,
  async increment() {
    "use step";
    return this.count + 1;
  },
};
