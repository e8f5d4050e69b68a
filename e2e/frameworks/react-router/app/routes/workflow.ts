import { workflowHandler } from "vite-workflow/node";

// Production serves the workflow routes (/.well-known/workflow/...) here; in dev the Vite plugin does.
export const loader = ({ request }: { request: Request }) => workflowHandler(request);
export const action = loader;
