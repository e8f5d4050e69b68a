import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("a run waits on a defineHook() hook until the form approves it", async ({ page }, testInfo) => {
  await page.goto("/#/approval");
  await page.getByRole("button", { name: "Request approval" }).click();

  await expect(page.getByTestId("approval-waiting")).toContainText("is waiting for approval");
  await expect(page.getByTestId("run-status")).toHaveText("running");
  await page.getByLabel("Approver").fill("Grace");
  await page.getByLabel("Comment").fill("  Ship it  ");
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(page.getByTestId("approval-answer")).toHaveText("Answer delivered");
  await expect(page.getByTestId("run-status")).toHaveText("completed");
  const result = page.getByTestId("run-result");
  await expect(result).toContainText('"approved": true');
  await expect(result).toContainText('"approvedBy": "Grace"');
  // The hook's schema trimmed the comment before the run got it.
  await expect(result).toContainText('"comment": "Ship it"');
  await expect(result).toContainText("published (approved by Grace)");
  await attachScreenshot(page, testInfo, "approval");
});
