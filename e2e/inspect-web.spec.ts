import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { attachThemes } from "./support/devtools-panel.ts";
import { startRun, waitForStatus } from "./support/run-api.ts";

/** Starts `workflow inspect runs [runId] --web` on the dev server's data dir and resolves with the URL it prints. */
function serveInspector(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/workflow.mjs", "inspect", "runs", ...args, "--web", "--port", "0"], {
    env: { ...process.env, WORKFLOW_EMBEDDED_DATA_DIR: process.env.E2E_DATA_DIR, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/localhost:\d+\/__workflow\/\S*/.exec(output);
      if (url) resolve({ url: url[0], child });
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => reject(new Error(`workflow inspect --web exited with ${code}:\n${output}`)));
  });
}

test("inspect --web serves the panel on the data dir without the dev server's help, live", async ({ page, request }, testInfo) => {
  const first = await startRun(request, "seq", [3]);
  await waitForStatus(request, first, "completed");
  const { url, child } = await serveInspector([first]);
  try {
    expect(url).toMatch(new RegExp(`/__workflow/#/runs/${first}$`));
    await page.goto(url);
    await expect(page.locator(`.run-row[data-run-id="${first}"]`)).toBeVisible();
    await expect(page.getByText("completed").first()).toBeVisible();
    // A run the app starts afterwards reaches this separate process's panel through the store's change feed.
    const second = await startRun(request, "seq", [2]);
    await expect(page.locator(`.run-row[data-run-id="${second}"]`)).toBeVisible();
    await attachThemes(page, testInfo, "inspect-web");
  } finally {
    child.kill("SIGINT");
  }
  const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));
  expect(code).toBe(0);
});
