export async function fanOut(items: string[], tag: string) {

  return Promise.all(
    items.map(async (item, index) => {
      const handle = ((...args) => globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/nested-step-in-callback.ts//fanOut/handle")(tag, item, index, ...args)


);
      return handle();
    }),
  );
} fanOut.workflowId = "workflow//workflows/nested-step-in-callback.ts//fanOut"; globalThis[Symbol.for("vite-workflow.registerWorkflow")]("workflow//workflows/nested-step-in-callback.ts//fanOut", fanOut);
