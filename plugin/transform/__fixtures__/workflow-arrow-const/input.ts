import { sleep } from "workflow";

export const onboarding = async (userId: string) => {
  "use workflow";
  await sleep("1 hour");
  return userId;
};
