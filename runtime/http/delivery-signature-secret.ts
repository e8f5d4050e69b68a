import { WorkflowError } from "../errors/workflow-error.ts";

/** Environment variable holding the secret that flow and step deliveries are signed with. */
export const SECRET_ENV = "WORKFLOW_SECRET";

/** Shortest secret accepted: a guessable secret would make signatures worthless. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Reads the delivery secret from the environment, failing startup with `ERR_WORKFLOW_SECRET_MISSING` when it
 * is unset or too short, because the flow and step routes would otherwise accept forged deliveries.
 * @example const secret = resolveDeliverySecret(process.env);
 */
export function resolveDeliverySecret(env: Record<string, string | undefined>): string {
  const secret = env[SECRET_ENV]?.trim();
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw new WorkflowError(
      "ERR_WORKFLOW_SECRET_MISSING",
      `${SECRET_ENV} is ${secret ? `shorter than ${MIN_SECRET_LENGTH} characters` : "not set"}, but this server accepts signed flow and step deliveries at /.well-known/workflow/v1/{flow,step}. ` +
        `Set ${SECRET_ENV} to a long random value (e.g. \`openssl rand -hex 32\`) shared with whatever sends deliveries, ` +
        `or build with the Nitro module option \`deliveries: "off"\` to run workflows in this process only.`,
    );
  }
  return secret;
}
