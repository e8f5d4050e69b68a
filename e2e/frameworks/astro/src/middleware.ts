import { defineMiddleware } from "astro:middleware";
import { isWorkflowPath, workflowHandler } from "vite-workflow/node";

// Production serves the workflow routes (/.well-known/workflow/...) here; in dev the Vite plugin does.
export const onRequest = defineMiddleware((context, next) => (isWorkflowPath(context.url.pathname) ? workflowHandler(context.request) : next()));
