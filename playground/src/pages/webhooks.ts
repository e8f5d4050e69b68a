import { randomId, startRun, waitForHook, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

const MODES = [
  { mode: "default", workflow: "webhook-default", label: "Default (202)" },
  { mode: "static", workflow: "webhook-static", label: "Static respondWith" },
  { mode: "manual", workflow: "webhook-manual", label: "Manual respondWith" },
];

export const webhooksPage: Page = {
  path: "webhooks",
  title: "Webhooks",
  summary: "A run waits on createWebhook(); an HTTP request to its URL resumes it. One run per respondWith mode.",
  render(container) {
    for (const { mode, workflow, label } of MODES) {
      const run = createRunView(`run-${mode}`);
      const url = h("code", { "data-testid": `webhook-url-${mode}` });
      const response = h("pre", { "data-testid": `webhook-response-${mode}` });
      const start = h("button", { type: "button" }, `Start ${label}`);
      start.addEventListener("click", async () => {
        run.reset();
        response.textContent = "";
        const token = `demo-${mode}-${randomId()}`;
        const runId = await startRun(workflow, [token]);
        run.update({ runId, status: "running" });
        await waitForHook(token);
        url.textContent = `/.well-known/workflow/v1/webhook/${encodeURIComponent(token)}`;
        send.disabled = false;
        await waitForRun(runId, run.update);
      });
      const send = h("button", { type: "button", disabled: "" }, "Send request") as HTMLButtonElement;
      send.addEventListener("click", async () => {
        send.disabled = true;
        const answer = await fetch(url.textContent!, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "urgent", from: "playground" }),
        });
        response.textContent = `HTTP ${answer.status}\n${await answer.text()}`;
      });
      container.append(
        h("section", { "data-testid": `webhook-${mode}` }, h("h3", {}, label), h("div", { class: "row" }, start, send),
          h("p", {}, "URL: ", url), response, run.element),
      );
    }
  },
};
