export const chargeCard = async (amount: number) => {

  return { charged: amount };
}; chargeCard.stepId = "step//workflows/step-arrow-const.ts//chargeCard";
