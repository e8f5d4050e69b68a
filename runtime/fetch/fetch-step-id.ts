/**
 * Id of the builtin step behind `fetch` from "workflow". Pure (no imports) so the public `workflow` module,
 * which is bundled into the workflow sandbox, can name it.
 */
export const FETCH_STEP_ID = "step//vite-workflow//fetch";
