export const chargeCard = async (amount: number) => {

  return { charged: amount };
};
