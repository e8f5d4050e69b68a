export default async function processPayment(orderId: string) {

  return { orderId, paid: true };
}
