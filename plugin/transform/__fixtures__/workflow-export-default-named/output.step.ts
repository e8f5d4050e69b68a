import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export default async function importCsv(url: string) { throw new Error("\"workflow//workflows/workflow-export-default-named.ts//importCsv\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(importCsv, [...args])`.");


} importCsv.workflowId = "workflow//workflows/workflow-export-default-named.ts//importCsv";
