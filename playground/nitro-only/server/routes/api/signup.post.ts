// POST /api/signup {"email"}: starts the signup workflow, as in the Nitro guide.
import { defineHandler, readBody } from "nitro/h3";
import { start } from "workflow/api";
import { handleUserSignup } from "../../../workflows/user-signup.ts";

export default defineHandler(async (event) => {
  const { email } = (await readBody<{ email: string }>(event)) ?? { email: "" };
  const run = await start(handleUserSignup, [email]);
  return { message: "User signup workflow started", runId: run.runId };
});
