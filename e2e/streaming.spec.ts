import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("streamed progress arrives line by line while the run goes on", async ({ page }, testInfo) => {
  await page.goto("/#/streaming");
  await page.getByRole("button", { name: "Process 8 items" }).click();

  const lines = page.getByTestId("progress-line");
  await expect(lines.first()).toHaveText("1/8 apples");
  // Each item takes a step of its own, so when the first line is shown the last cannot be yet.
  expect(await lines.count()).toBeLessThan(8);
  await expect(page.getByTestId("run-status")).not.toHaveText("completed");

  await expect(lines).toHaveCount(8);
  await expect(lines.last()).toHaveText("8/8 grapes");
  await expect(page.getByTestId("run-status")).toHaveText("completed");
  await expect(page.getByTestId("run-result")).toContainText('"GRAPES"');
  await attachScreenshot(page, testInfo, "streaming");
});
