import { startRun, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const reminderPage: Page = {
  path: "reminder",
  title: "Durable sleep",
  summary: "The run sleeps, then delivers: stop and restart the dev server meanwhile, the run still completes.",
  render(container) {
    const message = h("input", { name: "message", value: "Water the plants", "aria-label": "Message" }) as HTMLInputElement;
    const delay = h("input", { name: "delay", value: "5s", "aria-label": "Delay" }) as HTMLInputElement;
    const run = createRunView();
    const follow = h("a", { "data-testid": "run-link" }, "Follow this run (survives a page reload)");
    follow.hidden = true;
    const form = h("form", {}, message, delay, h("button", { type: "submit" }, "Schedule"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      run.reset();
      const runId = await startRun("reminder", [message.value, delay.value]);
      follow.setAttribute("href", `#/runs/${runId}`);
      follow.hidden = false;
      await waitForRun(runId, run.update);
    });
    container.append(form, follow, run.element);
  },
};
