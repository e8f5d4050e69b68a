import { randomId, startRun, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const sagaPage: Page = {
  path: "saga",
  title: "Saga with rollbacks",
  summary: "Reserve, charge, ship: when a step fails, the recorded rollbacks run in reverse order.",
  render(container) {
    const failAt = h("select", { name: "failAt", "aria-label": "Fail at" },
      h("option", { value: "none" }, "Nothing fails"),
      h("option", { value: "charge" }, "Payment is declined"),
      h("option", { value: "ship" }, "Shipping fails")) as HTMLSelectElement;
    const run = createRunView();
    const form = h("form", {}, failAt, h("button", { type: "submit" }, "Place order"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      run.reset();
      const runId = await startRun("saga", [`order-${randomId()}`, failAt.value]);
      await waitForRun(runId, run.update);
    });
    container.append(form, run.element);
  },
};
