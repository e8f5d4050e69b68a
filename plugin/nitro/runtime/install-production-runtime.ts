import type { H3 } from "h3";
import { createRuntime } from "../../../runtime/engine/create-runtime.ts";
import { setRuntime } from "../../../runtime/engine/default-runtime.ts";
import { createWorkflowApp } from "../../../runtime/http/create-workflow-app.ts";
import { resolveDeliverySecret } from "../../../runtime/http/delivery-signature-secret.ts";
import type { WorkflowBundleSource } from "../../../runtime/sandbox/compile-workflow-bundle.ts";
import { createWorld } from "../../../runtime/world/create-world.ts";
import { createDeferredWorld } from "../../vite-dev/create-deferred-world.ts";
import { resolvePublicUrl } from "./resolve-public-url.ts";

/** The part of Nitro's runtime app the plugin uses. */
export interface NitroAppLike {
  hooks?: { hook(name: "close", handler: () => Promise<void> | void): unknown };
}

/** What the generated Nitro plugin hands over, all fixed at build time. */
export interface ProductionRuntimeOptions {
  /** The workflow bundle for the sandbox, built by `vite build` / `nitro build`. */
  workflowBundle: WorkflowBundleSource;
  /** Every workflow and step module; importing them registered their steps. */
  stepModules: object[];
  /** `"signed"`: the flow and step routes need `WORKFLOW_SECRET` signatures. `"off"`: not mounted. */
  deliveries: "signed" | "off";
}

const APP_SLOT = Symbol.for("vite-workflow.nitro.app");

/**
 * Starts workflows in a built Nitro server: opens the world the environment selects (`createWorld()`:
 * PostgreSQL with `WORKFLOW_TARGET_WORLD=postgres` and `WORKFLOW_POSTGRES_URL`/`_SCHEMA`, else the
 * filesystem world in `WORKFLOW_EMBEDDED_DATA_DIR` or `.workflow-data` in the working directory), so one build
 * runs on either; creates the runtime with the embedded bundle, makes it the
 * process runtime for `workflow/api`, and starts consuming the queue, which recovers every unfinished run.
 * Throws `ERR_WORKFLOW_SECRET_MISSING` (failing startup) when deliveries are signed and no secret is set.
 */
export function installProductionRuntime(nitroApp: NitroAppLike, options: ProductionRuntimeOptions): void {
  const secret = options.deliveries === "signed" ? resolveDeliverySecret(process.env) : undefined;
  const opening = createWorld();
  opening.catch((error: unknown) => console.error("[vite-workflow] Cannot open the workflow world:", error));
  const runtime = createRuntime({
    world: createDeferredWorld(opening),
    workflowBundle: () => options.workflowBundle,
    url: resolvePublicUrl(process.env),
  });
  setRuntime(runtime);
  (globalThis as { [APP_SLOT]?: H3 })[APP_SLOT] = createWorkflowApp(runtime, { deliverySecret: secret });

  nitroApp.hooks?.hook("close", async () => {
    await runtime.close();
    setRuntime(undefined);
    await (await opening).close();
  });
}

/** The h3 app serving the well-known routes, once `installProductionRuntime` ran. */
export function getWellKnownApp(): H3 | undefined {
  return (globalThis as { [APP_SLOT]?: H3 })[APP_SLOT];
}
