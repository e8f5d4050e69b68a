import { randomId, startRun, waitForHook, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const approvalPage: Page = {
  path: "approval",
  title: "Approval (hooks)",
  summary: "A run waits on a hook made with defineHook(); the form resumes it with a validated payload.",
  render(container) {
    const run = createRunView();
    const waiting = h("p", { "data-testid": "approval-waiting" });
    const approver = h("input", { name: "approvedBy", value: "Grace", "aria-label": "Approver" }) as HTMLInputElement;
    const comment = h("input", { name: "comment", value: "  Looks good  ", "aria-label": "Comment" }) as HTMLInputElement;
    const answer = h("form", {}, approver, comment,
      h("button", { type: "submit", value: "approve" }, "Approve"),
      h("button", { type: "submit", value: "reject" }, "Reject"));
    const answerStatus = h("p", { "data-testid": "approval-answer" });
    answer.hidden = true;

    let documentId = "";
    const request = h("button", { type: "button" }, "Request approval");
    request.addEventListener("click", async () => {
      run.reset();
      documentId = `doc-${randomId()}`;
      const runId = await startRun("approval", [documentId]);
      run.update({ runId, status: "running" });
      await waitForHook(`approval:${documentId}`);
      waiting.textContent = `${documentId} is waiting for approval`;
      answer.hidden = false;
      await waitForRun(runId, run.update);
      answer.hidden = true;
    });

    answer.addEventListener("submit", async (event) => {
      event.preventDefault();
      const approved = (event as SubmitEvent).submitter?.getAttribute("value") === "approve";
      const response = await fetch(`/api/approval/${documentId}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ approved, approvedBy: approver.value, comment: comment.value }),
      });
      answerStatus.textContent = response.ok ? "Answer delivered" : `Rejected by the server: HTTP ${response.status}`;
    });

    container.append(request, waiting, answer, answerStatus, run.element);
  },
};
