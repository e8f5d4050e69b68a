/** Base of every error's documentation link: the README, one section per error code. */
export const DOCS_BASE_URL = "https://github.com/vite-workflow/vite-workflow#";

/**
 * Builds the README link for an error section from its anchor (a lowercase error code or a documented slug).
 * @example docsUrl("ERR_REPLAY_DIVERGENCE") // "https://github.com/vite-workflow/vite-workflow#err_replay_divergence"
 */
export function docsUrl(anchor: string): string {
  return DOCS_BASE_URL + anchor.toLowerCase();
}
