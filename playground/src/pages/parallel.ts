import { startRun, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const parallelPage: Page = {
  path: "parallel",
  title: "Parallel fan-out",
  summary: "Promise.all of three steps that run at the same time.",
  render(container) {
    const userId = h("input", { name: "userId", value: "user-42", "aria-label": "User id" }) as HTMLInputElement;
    const run = createRunView();
    const form = h("form", {}, userId, h("button", { type: "submit" }, "Fetch user data"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      run.reset();
      const runId = await startRun("user-data", [userId.value]);
      await waitForRun(runId, run.update);
    });
    container.append(form, run.element);
  },
};
