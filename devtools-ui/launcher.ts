/**
 * How the Vite plugin injects the devtools launcher (a floating button linking to `/__workflow/`) into the
 * app's pages in dev. The script itself is `public/launcher.js`, served by the devtools middleware at
 * `/__workflow/launcher.js`.
 * @example
 * transformIndexHtml: { order: "post", handler: () => [DEVTOOLS_LAUNCHER_TAG] } // only when `devtools` is on and serving
 */
export const DEVTOOLS_LAUNCHER_SRC = "/__workflow/launcher.js";

export const DEVTOOLS_LAUNCHER_TAG = {
  tag: "script",
  attrs: { type: "module", src: DEVTOOLS_LAUNCHER_SRC },
  injectTo: "body",
} as const;
