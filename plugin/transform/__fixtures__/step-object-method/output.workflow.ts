export const helpers = {
  objectStep: (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-object-method.ts//helpers/objectStep")


),
  "kebab-case": (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-object-method.ts//helpers/kebab-case")


),
};
