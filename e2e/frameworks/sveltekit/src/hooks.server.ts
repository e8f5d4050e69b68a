import type { Handle } from "@sveltejs/kit";
import { isWorkflowPath, workflowHandler } from "vite-workflow/node";

// Production serves the workflow routes (/.well-known/workflow/...) here; in dev the Vite plugin does.
export const handle: Handle = ({ event, resolve }) => (isWorkflowPath(event.url.pathname) ? workflowHandler(event.request) : resolve(event));
