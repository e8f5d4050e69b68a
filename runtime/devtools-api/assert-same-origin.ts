import { DevtoolsApiError } from "./devtools-api-error.ts";

/**
 * Rejects requests a browser sent from another site. Browsers always say where a request comes from
 * (`Sec-Fetch-Site`, and `Origin` on anything but a same-origin GET), so a page on another origin can
 * neither read the panel's data nor trigger its actions. Clients that send neither header (curl, scripts,
 * tests) are not browsers acting for a third party and are let through; the dev server itself decides who
 * may connect at all.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    throw new DevtoolsApiError("ERR_DEVTOOLS_CROSS_ORIGIN", `Cross-origin request rejected (Sec-Fetch-Site: ${site}).`);
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (origin === "null" || originHost !== host) {
    throw new DevtoolsApiError(
      "ERR_DEVTOOLS_CROSS_ORIGIN",
      `Cross-origin request rejected: Origin ${origin} does not match host ${host}.`,
    );
  }
}
