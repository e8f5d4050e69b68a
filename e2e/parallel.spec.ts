import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("Promise.all fans three steps out and joins their results", async ({ page }, testInfo) => {
  await page.goto("/#/parallel");
  await page.getByLabel("User id").fill("user-7");
  await page.getByRole("button", { name: "Fetch user data" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("completed");
  const result = page.getByTestId("run-result");
  await expect(result).toContainText('"name": "User user-7"');
  await expect(result).toContainText('"user-7-order-1"');
  await expect(result).toContainText('"theme": "dark"');
  await attachScreenshot(page, testInfo, "parallel");
});
