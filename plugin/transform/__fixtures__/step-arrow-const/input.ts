export const chargeCard = async (amount: number) => {
  "use step";
  return { charged: amount };
};
