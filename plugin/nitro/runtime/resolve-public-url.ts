/**
 * Base URL runs record (`getWorkflowMetadata().url`, webhook URLs): `WORKFLOW_PUBLIC_URL` when set, else
 * `http://localhost:<port>` from Nitro's `NITRO_PORT` / `PORT` (default 3000).
 * @example resolvePublicUrl({ PORT: "8080" }) // "http://localhost:8080"
 */
export function resolvePublicUrl(env: Record<string, string | undefined>): string {
  const configured = env.WORKFLOW_PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  return `http://localhost:${env.NITRO_PORT || env.PORT || 3000}`;
}
