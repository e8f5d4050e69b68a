import { exec } from "child_process";

export async function shell() { throw new Error("\"workflow//workflows/error-node-builtin-child-process.ts//shell\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(shell, [...args])`.");


} shell.workflowId = "workflow//workflows/error-node-builtin-child-process.ts//shell";

function helper() {
  return exec("ls");
}
