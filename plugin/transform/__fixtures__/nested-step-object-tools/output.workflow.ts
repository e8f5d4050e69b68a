import { streamText } from "./ai";

export async function chat(prompt: string, apiKey: string) {

  return streamText({
    prompt,
    tools: {
      weather: {
        execute: ((...args) => globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-object-tools.ts//chat/tools/weather/execute")(apiKey, ...args)


),
      },
    },
  });
} chat.workflowId = "workflow//workflows/nested-step-object-tools.ts//chat"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-object-tools.ts//chat", chat);
