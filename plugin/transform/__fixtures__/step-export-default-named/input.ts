export default async function processPayment(orderId: string) {
  "use step";
  return { orderId, paid: true };
}
