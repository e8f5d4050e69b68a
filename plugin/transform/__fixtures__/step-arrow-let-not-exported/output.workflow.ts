let audit = (globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/step-arrow-let-not-exported.ts//audit")


);

export async function log(message: string) {
  await audit(message);
}
