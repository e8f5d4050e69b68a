export default async function (orderId: string) {
  "use step";
  return { orderId };
}
