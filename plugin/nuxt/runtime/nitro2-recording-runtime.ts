import { installRecordingRuntime } from "../../vite-dev/install-recording-runtime.ts";

/** The part of an h3 v1 event the plugin reads (typed here so the package does not depend on h3 v1). */
interface H3V1EventLike {
  node: { req: { headers: Record<string, string | string[] | undefined> } };
}

/** The part of Nitro 2's app the plugin uses. */
interface Nitro2AppLike {
  hooks: { hook(name: "request", handler: (event: H3V1EventLike) => void): unknown };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();

/**
 * Nitro 2 runtime plugin, registered by `vite-workflow/nuxt` in `nuxt dev`: Nuxt's server routes run in
 * Nitro's worker thread, where `start()` needs a recording runtime (the dev server executes the runs). Each
 * request tells it the app's origin, read from the h3 v1 event (Nitro 3's plugin reads `event.req.url`).
 */
export default function workflowNitro2RecordingRuntime(nitroApp: Nitro2AppLike): void {
  installRecordingRuntime();
  nitroApp.hooks.hook("request", (event) => {
    const headers = event.node.req.headers;
    const host = first(headers["x-forwarded-host"]) ?? first(headers.host);
    if (host) installRecordingRuntime(`${first(headers["x-forwarded-proto"]) ?? "http"}://${host}`);
  });
}
