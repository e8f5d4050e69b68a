export const chargeCard = (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-arrow-const.ts//chargeCard")


);
