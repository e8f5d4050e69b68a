/** Id of the builtin step that reads a `Request`/`Response` body for workflow code (see `read-body-step.ts`). */
export const READ_BODY_STEP_ID = "step//vite-workflow//read-body";
