import { startRun, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const signupPage: Page = {
  path: "signup",
  title: "User signup",
  summary:
    "Steps, a sleep and FatalError: an address ending in .invalid fails for good, one starting with flaky is retried once.",
  render(container) {
    const email = h("input", { name: "email", type: "text", value: "hello@example.com", "aria-label": "Email" }) as HTMLInputElement;
    const run = createRunView();
    const form = h("form", {}, email, h("button", { type: "submit" }, "Sign up"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      run.reset();
      const runId = await startRun("signup", [email.value]);
      await waitForRun(runId, run.update);
    });
    container.append(form, run.element);
  },
};
