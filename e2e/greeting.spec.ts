import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("the greeting workflow runs its step and shows the result", async ({ page }, testInfo) => {
  await page.goto("/#/greeting");
  await page.getByLabel("Name").fill("Ada");
  await page.getByRole("button", { name: "Greet" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("completed");
  await expect(page.getByTestId("run-result")).toContainText('"message": "Hello, Ada!"');
  await expect(page.getByTestId("run-id")).toHaveText(/^wrun_/);
  await attachScreenshot(page, testInfo, "greeting");
});

test("the home page links every example", async ({ page }, testInfo) => {
  await page.goto("/");
  for (const title of ["User signup", "Approval (hooks)", "Webhooks", "Streaming progress", "Saga with rollbacks", "Parallel fan-out", "Birthday card", "Durable sleep"]) {
    await expect(page.getByRole("main").getByRole("link", { name: title })).toBeVisible();
  }
  await attachScreenshot(page, testInfo, "home");
});
