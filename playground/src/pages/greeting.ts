import { startRun, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const greetingPage: Page = {
  path: "greeting",
  title: "Hello workflow",
  summary: "One step in its own file (workflows/steps/greet.ts): edit it and run again, no restart needed.",
  render(container) {
    const name = h("input", { name: "name", value: "Ada", "aria-label": "Name" }) as HTMLInputElement;
    const run = createRunView();
    const form = h("form", {}, name, h("button", { type: "submit" }, "Greet"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      run.reset();
      const runId = await startRun("greeting", [name.value]);
      await waitForRun(runId, run.update);
    });
    container.append(form, run.element);
  },
};
