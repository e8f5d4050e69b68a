import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; // Imports a user.
export async function importUser(id: string) {
  // Runs with full Node.js access.
  /* block comment */ // trailing comment
  return id;
} __wf_registerStep("step//workflows/comments-before-directive.ts//importUser", importUser);
