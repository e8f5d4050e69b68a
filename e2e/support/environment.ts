/** Debian's Chromium (Playwright cannot download browsers on these machines). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless flags; the networking ones keep Chromium from flooding a closed network with background requests.
 * (Playwright passes `--headless` and a fresh user-data dir itself.)
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Port of the shared playground dev server. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4319);

/** Port of the dev server the restart spec starts and stops itself. */
export const E2E_RESTART_PORT = Number(process.env.E2E_RESTART_PORT ?? 4329);
