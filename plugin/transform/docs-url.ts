/** Base URL of the README that documents every diagnostic; each code links to its lowercase anchor. */
export const DOCS_BASE_URL = "https://github.com/vite-workflow/vite-workflow";

/**
 * Returns the README link for an error code.
 * @example docsUrl("ERR_WORKFLOW_SYNC_FUNCTION") // ".../vite-workflow#err_workflow_sync_function"
 */
export function docsUrl(code: string): string {
  return `${DOCS_BASE_URL}#${code.toLowerCase()}`;
}
