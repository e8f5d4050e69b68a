// Only the workflow imports these steps: the bundler plugin must keep this module in the server bundle.

export async function reserveStock(orderId) {
  "use step";
  return `reserved:${orderId}`;
}

export async function chargeCard(orderId, amount) {
  "use step";
  return `charged:${orderId}:${amount}`;
}
