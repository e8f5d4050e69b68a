export async function invoice(customerId: string, currency = "EUR") { throw new Error("\"workflow//workflows/nested-step-captures.ts//invoice\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(invoice, [...args])`.");










} invoice.workflowId = "workflow//workflows/nested-step-captures.ts//invoice";
