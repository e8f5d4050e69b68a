export async function invoice(customerId: string, currency = "EUR") {

  const rate = 1.2;
  let total = 0;
  async function priceLine(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-captures.ts//invoice/priceLine")(customerId, rate, currency, total, ...args);


}
  total = 10;
  priceLine.maxRetries = 2;
  return priceLine(5);
} invoice.workflowId = "workflow//workflows/nested-step-captures.ts//invoice"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-captures.ts//invoice", invoice);
