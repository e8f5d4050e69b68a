'use workflow';

import { sleep } from "workflow";
import { notify } from "./steps";

export async function reminder(userId: string) {
  await sleep("1 day");
  await notify(userId);
}

export const nightly = async () => {
  await sleep("1 day");
};
