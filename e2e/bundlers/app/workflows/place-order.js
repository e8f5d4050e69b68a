import { createHook, sleep } from "workflow";
import { chargeCard, reserveStock } from "../steps/inventory.js";

/** Reserves stock, waits a moment, then waits for an approval before charging. */
export async function placeOrder(orderId) {
  "use workflow";
  const reservation = await reserveStock(orderId);
  await sleep("50ms");
  const approval = await createHook({ token: `approve-${orderId}` });
  const receipt = await chargeCard(orderId, approval.amount);
  return { reservation, approvedBy: approval.by, receipt };
}
