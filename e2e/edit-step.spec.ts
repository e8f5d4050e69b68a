import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

const STEP_FILE = fileURLToPath(new URL("../playground/workflows/steps/greet.ts", import.meta.url));

let original: string | undefined;

test.afterEach(async () => {
  if (original !== undefined) await writeFile(STEP_FILE, original);
});

test("after a step file is edited, the next run uses the new code without a restart or page reload", async ({ page }, testInfo) => {
  await page.goto("/#/greeting");
  await page.getByLabel("Name").fill("Ada");
  await page.getByRole("button", { name: "Greet" }).click();
  await expect(page.getByTestId("run-result")).toContainText("Hello, Ada!");

  // A marker that a full page reload would wipe out.
  await page.evaluate(() => ((window as { pageMarker?: number }).pageMarker = 1));
  original = await readFile(STEP_FILE, "utf8");
  const greeting = `Howdy-${Date.now()}`;
  await writeFile(STEP_FILE, original.replace("`Hello, ${name}!`", `\`${greeting}, \${name}!\``));

  // The reload is asynchronous: start runs until one shows the new text.
  await expect(async () => {
    await page.getByRole("button", { name: "Greet" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 5_000 });
    await expect(page.getByTestId("run-result")).toContainText(`${greeting}, Ada!`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  expect(await page.evaluate(() => (window as { pageMarker?: number }).pageMarker)).toBe(1);
  await attachScreenshot(page, testInfo, "greeting-after-edit");
});
