import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";

test("the card goes out as soon as every friend answered their webhook", async ({ page }, testInfo) => {
  await page.goto("/#/birthday");
  // A birthday far enough away that only the RSVPs can end the race.
  await page.getByLabel("Birthday in seconds").fill("600");
  await page.getByRole("button", { name: "Make the card" }).click();

  for (const friend of ["alice", "bob"]) {
    const rsvp = page.getByRole("button", { name: `RSVP as ${friend}` });
    await expect(rsvp).toBeEnabled();
    await rsvp.click();
    await expect(page.getByRole("button", { name: `${friend} answered` })).toBeVisible();
  }

  await expect(page.getByTestId("run-status")).toHaveText("completed");
  const result = page.getByTestId("run-result");
  await expect(result).toContainText('"status": "Sent"');
  await expect(result).toContainText("alice: yes");
  await expect(result).toContainText("bob: yes");
  await attachScreenshot(page, testInfo, "birthday");
});
