import type { CustomTypeRow } from "../serialization/types-table.ts";
import { createHostStreamTypes, type HostStreamTypesOptions } from "../streams/host-stream-types.ts";
import { createSandboxStreamTypes } from "../streams/sandbox-stream-types.ts";
import { createWebhookRequestRow } from "../web/webhook-request-row.ts";

let sandboxTypes: CustomTypeRow[] | undefined;

/**
 * The extra serialization rows of the workflow realm (streams as handles, manual webhook requests); the
 * same list for every run, since the rows revive into the realm they are given.
 */
export function workflowRealmTypes(): CustomTypeRow[] {
  return (sandboxTypes ??= [...createSandboxStreamTypes(), createWebhookRequestRow()]);
}

/**
 * The extra serialization rows on the host side of a boundary (start(), steps, run.returnValue, hook
 * payloads): streams by reference through `store`, manual webhook requests that can `respondWith()`.
 */
export function hostTypes(options: HostStreamTypesOptions): CustomTypeRow[] {
  return [...createHostStreamTypes(options), createWebhookRequestRow({ store: options.store, pending: options.pending })];
}
