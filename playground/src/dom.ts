import type { RunSummary } from "./api.ts";

/** Creates an element with attributes and children. */
export function h(tag: string, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A block that shows one run: its id, live status, and its return value or error. */
export function createRunView(testId = "run"): { element: HTMLElement; update(summary: RunSummary): void; reset(): void } {
  const runId = h("code", { "data-testid": `${testId}-id` });
  const status = h("span", { class: "status", "data-testid": `${testId}-status` });
  const result = h("pre", { "data-testid": `${testId}-result` });
  const element = h("section", { "data-testid": testId }, h("p", {}, "Run ", runId, ": ", status), result);
  element.hidden = true;
  return {
    element,
    update(summary) {
      element.hidden = false;
      runId.textContent = summary.runId;
      status.textContent = summary.status;
      status.dataset.status = summary.status;
      if (summary.status === "completed") result.textContent = JSON.stringify(summary.returnValue, null, 2);
      else if (summary.status === "failed") result.textContent = `${summary.error?.name}: ${summary.error?.message}`;
      else result.textContent = "";
    },
    reset() {
      element.hidden = true;
      result.textContent = "";
    },
  };
}
