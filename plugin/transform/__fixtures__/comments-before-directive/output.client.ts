// Imports a user.
export async function importUser(id: string) {
  // Runs with full Node.js access.
  /* block comment */ // trailing comment
  return id;
} importUser.stepId = "step//workflows/comments-before-directive.ts//importUser";
