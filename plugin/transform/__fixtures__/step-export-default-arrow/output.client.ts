export default async (orderId: string) => {

  return { orderId };
};
