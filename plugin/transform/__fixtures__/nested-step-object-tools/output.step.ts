import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal";  

export async function chat(prompt: string, apiKey: string) { throw new Error("\"workflow//workflows/nested-step-object-tools.ts//chat\" is a workflow function and cannot be called directly. Start it with start() from \"workflow/api\", e.g. `await start(chat, [...args])`.");









} chat.workflowId = "workflow//workflows/nested-step-object-tools.ts//chat";

__wf_registerStep("step//workflows/nested-step-object-tools.ts//chat/tools/weather/execute", async function(apiKey, { city }: { city: string }) {

          return fetch(`https://weather.example/${city}?key=${apiKey}`).then((response) => response.json());
        });
