export default async (orderId: string) => {
  "use step";
  return { orderId };
};
