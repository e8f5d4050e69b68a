import { approvalHook, documentApprovalWorkflow } from "../../workflows/approval.ts";
import { hooked, par, seq, sleepy, streamy } from "../../workflows/bench.ts";
import { birthdayWorkflow } from "../../workflows/birthday-card.ts";
import { greetingWorkflow } from "../../workflows/greeting.ts";
import { liveSteps } from "../../workflows/live-steps.ts";
import { placeOrderSaga } from "../../workflows/order-saga.ts";
import { batchProgress } from "../../workflows/progress.ts";
import { scheduleReminder } from "../../workflows/reminder.ts";
import { fetchUserData } from "../../workflows/user-data.ts";
import { userSignup } from "../../workflows/user-signup.ts";
import { webhookWithDynamicResponse, webhookWithStaticResponse, webhookWorkflow } from "../../workflows/webhooks.ts";

export { approvalHook };

/**
 * Every workflow `POST /api/start/:name` can start: the five of the benchmark contract (`seq`, `par`,
 * `sleepy`, `hooked`, `streamy`), the examples the pages trigger, and `live-steps` (a run held open by a hook).
 */
export const WORKFLOWS_BY_NAME: Record<string, (...args: any[]) => Promise<unknown>> = {
  seq,
  par,
  sleepy,
  hooked,
  streamy,
  signup: userSignup,
  greeting: greetingWorkflow,
  reminder: scheduleReminder,
  approval: documentApprovalWorkflow,
  "webhook-default": webhookWorkflow,
  "webhook-static": webhookWithStaticResponse,
  "webhook-manual": webhookWithDynamicResponse,
  progress: batchProgress,
  saga: placeOrderSaga,
  "user-data": fetchUserData,
  birthday: birthdayWorkflow,
  "live-steps": liveSteps,
};
