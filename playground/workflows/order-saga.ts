import { FatalError } from "workflow";

/** Which forward step should fail, to watch the rollbacks run. */
export type FailAt = "none" | "charge" | "ship";

/**
 * The saga from "Errors & Retrying": every forward step that succeeded records its rollback; when a later
 * step fails, the rollbacks run in reverse order, then the run fails with the original error.
 */
export async function placeOrderSaga(orderId: string, failAt: FailAt = "none") {
  "use workflow";

  const rollbacks: Array<() => Promise<string>> = [];
  const completed: string[] = [];

  try {
    completed.push(await reserveInventory(orderId));
    rollbacks.push(() => releaseInventory(orderId));

    completed.push(await chargePayment(orderId, failAt === "charge"));
    rollbacks.push(() => refundPayment(orderId));

    completed.push(await shipOrder(orderId, failAt === "ship"));
    return { orderId, status: "completed", completed };
  } catch (error) {
    const rolledBack: string[] = [];
    for (const rollback of rollbacks.toReversed()) {
      rolledBack.push(await rollback());
    }
    // Rethrow (with what was undone) so the run records the failure after the rollbacks.
    throw new Error(`${(error as Error).message}; rolled back: ${rolledBack.join(", ") || "nothing"}`, { cause: error });
  }
}

async function reserveInventory(orderId: string) {
  "use step";
  return `inventory reserved for ${orderId}`;
}

async function chargePayment(orderId: string, decline: boolean) {
  "use step";
  if (decline) throw new FatalError(`Card declined for ${orderId}`);
  return `payment charged for ${orderId}`;
}

async function shipOrder(orderId: string, fail: boolean) {
  "use step";
  if (fail) throw new FatalError(`No courier available for ${orderId}`);
  return `order ${orderId} shipped`;
}

async function releaseInventory(orderId: string) {
  "use step";
  return `releaseInventory(${orderId})`;
}

async function refundPayment(orderId: string) {
  "use step";
  return `refundPayment(${orderId})`;
}
