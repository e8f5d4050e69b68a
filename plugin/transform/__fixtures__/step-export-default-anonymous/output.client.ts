const __wf_step = (id, fn) => Object.assign(fn, { stepId: id }); export default __wf_step("step//workflows/step-export-default-anonymous.ts//default", async function (orderId: string) {

  return { orderId };
})
