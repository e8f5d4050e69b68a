const __wf_step = (id, fn) => Object.assign(fn, { stepId: id }); export const helpers = {
  objectStep: __wf_step("step//workflows/step-object-method.ts//helpers/objectStep", async function(value: number) {

    return value * 2;
  }),
  "kebab-case": __wf_step("step//workflows/step-object-method.ts//helpers/kebab-case", async function (value: number) {

    return value + 1;
  }),
};
