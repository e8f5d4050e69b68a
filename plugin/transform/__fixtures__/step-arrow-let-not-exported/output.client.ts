let audit = async (message: string) => {

  console.log(message);
}; audit.stepId = "step//workflows/step-arrow-let-not-exported.ts//audit";

export async function log(message: string) {
  await audit(message);
}
