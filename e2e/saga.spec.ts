import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("a saga without failures completes every step", async ({ page }) => {
  await page.goto("/#/saga");
  await page.getByLabel("Fail at").selectOption("none");
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("completed");
  await expect(page.getByTestId("run-result")).toContainText("shipped");
});

test("a failed step runs the recorded rollbacks in reverse order", async ({ page }, testInfo) => {
  await page.goto("/#/saga");
  await page.getByLabel("Fail at").selectOption("ship");
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("failed");
  await expect(page.getByTestId("run-result")).toContainText(/No courier available for order-\w+; rolled back: refundPayment\(order-\w+\), releaseInventory\(order-\w+\)/);
  await attachScreenshot(page, testInfo, "saga");
});
