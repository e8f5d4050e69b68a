import { installRecordingRuntime } from "./install-recording-runtime.ts";

/** The part of Nitro's app the plugin uses (typed here so the plugin does not depend on Nitro). */
interface NitroAppLike {
  hooks: { hook(name: "request", handler: (event: { req: Request }) => void): unknown };
}

/**
 * Nitro runtime plugin, registered in dev by the `workflow:dev-server` Vite plugin. With Nitro's worker
 * runner, server routes run in a worker thread, where `start()` and friends need a runtime of their own: a
 * recording one (see `installRecordingRuntime`), told the app's origin by each request so webhook URLs
 * point at the dev server's real address. In Vite's own thread (the `self` runner) the dev server's runtime
 * is already installed, and is kept.
 */
export default function workflowRecordingRuntime(nitroApp: NitroAppLike): void {
  installRecordingRuntime();
  nitroApp.hooks.hook("request", (event) => installRecordingRuntime(new URL(event.req.url).origin));
}
