export default async function (orderId: string) {

  return { orderId };
}
