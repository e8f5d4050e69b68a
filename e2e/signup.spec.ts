import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("user signup runs its steps and its sleep to completion", async ({ page }, testInfo) => {
  await page.goto("/#/signup");
  await page.getByLabel("Email").fill("hello@example.com");
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("completed");
  await expect(page.getByTestId("run-result")).toContainText('"status": "done"');
  await expect(page.getByTestId("run-result")).toContainText('"userId"');
  await attachScreenshot(page, testInfo, "signup");
});

test("a FatalError in a step fails the signup without retrying", async ({ page }, testInfo) => {
  await page.goto("/#/signup");
  await page.getByLabel("Email").fill("nobody@example.invalid");
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("failed");
  await expect(page.getByTestId("run-result")).toContainText("Cannot deliver the welcome email to nobody@example.invalid");
  await attachScreenshot(page, testInfo, "signup-failed");
});
