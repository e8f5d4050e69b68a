const base = { async save() { return 1; } };

export const derived = {
  __proto__: base,
  async save() {
    "use step";
    return super.save();
  },
};
