const __wf_step = (id, fn) => Object.assign(fn, { stepId: id }); export default __wf_step("step//workflows/step-export-default-arrow.ts//default", async (orderId: string) => {

  return { orderId };
});
