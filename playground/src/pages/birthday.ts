import { randomId, startRun, waitForHook, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

const FRIENDS = ["alice", "bob"];

export const birthdayPage: Page = {
  path: "birthday",
  title: "Birthday card",
  summary: "One webhook per friend and a sleep until the birthday: the card goes out when all answered or the day comes.",
  render(container) {
    const seconds = h("input", { name: "seconds", type: "number", value: "20", "aria-label": "Birthday in seconds" }) as HTMLInputElement;
    const run = createRunView();
    const invites = h("ul", { "data-testid": "invites" });
    const form = h("form", {}, "Birthday in ", seconds, " seconds", h("button", { type: "submit" }, "Make the card"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      run.reset();
      invites.replaceChildren();
      const email = `host-${randomId()}@example.com`;
      const birthday = new Date(Date.now() + Number(seconds.value) * 1000).toISOString();
      const runId = await startRun("birthday", ["Have a wonderful day", email, FRIENDS, birthday]);
      run.update({ runId, status: "running" });
      for (const friend of FRIENDS) {
        const token = `rsvp:${email}:${friend}`;
        const reply = h("button", { type: "button", disabled: "" }, `RSVP as ${friend}`) as HTMLButtonElement;
        reply.addEventListener("click", async () => {
          reply.disabled = true;
          await fetch(`/.well-known/workflow/v1/webhook/${encodeURIComponent(token)}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ rsvp: `${friend}: yes` }),
          });
          reply.textContent = `${friend} answered`;
        });
        invites.append(h("li", {}, reply));
        waitForHook(token).then(() => (reply.disabled = false));
      }
      await waitForRun(runId, run.update);
    });
    container.append(form, invites, run.element);
  },
};
