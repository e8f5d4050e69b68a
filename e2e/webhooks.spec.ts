import { expect, test } from "@playwright/test";
import { attachScreenshot } from "./support/attach-screenshot.ts";
import { E2E_PORT } from "./support/environment.ts";

const CASES = [
  { mode: "default", button: "Start Default (202)", status: "HTTP 202", body: "" },
  { mode: "static", button: "Start Static respondWith", status: "HTTP 200", body: "Webhook received" },
  { mode: "manual", button: "Start Manual respondWith", status: "HTTP 200", body: "Processing urgently" },
];

test("a request to a webhook's URL gets the chosen response and resumes the run", async ({ page }, testInfo) => {
  await page.goto("/#/webhooks");
  for (const { mode, button, status, body } of CASES) {
    const section = page.getByTestId(`webhook-${mode}`);
    await section.getByRole("button", { name: button }).click();
    await expect(section.getByTestId(`webhook-url-${mode}`)).toContainText("/.well-known/workflow/v1/webhook/");
    await section.getByRole("button", { name: "Send request" }).click();

    const response = section.getByTestId(`webhook-response-${mode}`);
    await expect(response).toContainText(status);
    if (body) await expect(response).toContainText(body);
    await expect(section.getByTestId(`run-${mode}-status`)).toHaveText("completed");
    await expect(section.getByTestId(`run-${mode}-result`)).toContainText('"type": "urgent"');
  }
  // `webhook.url` names the dev server's real address, though the run was started by a Nitro route (in its
  // worker thread, with Nitro's worker runner).
  await expect(page.getByTestId("run-default-result")).toContainText(
    `"url": "http://localhost:${E2E_PORT}/.well-known/workflow/v1/webhook/demo-default-`,
  );
  await attachScreenshot(page, testInfo, "webhooks");
});
