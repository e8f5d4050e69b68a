import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function invoice(customerId: string, currency = "EUR") { throw new Error("\"workflow//workflows/nested-step-captures.ts//invoice\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(invoice, [...args])`.");







} invoice.workflowId = "workflow//workflows/nested-step-captures.ts//invoice";

__wf_registerStep("step//workflows/nested-step-captures.ts//invoice/priceLine", Object.assign(async function priceLine(customerId, rate, currency, total, amount: number) {

    return { customerId, amount: amount * rate, currency, total };
  }, { maxRetries: 2 }));
