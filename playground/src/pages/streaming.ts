import { readNdjson, startRun, waitForRun } from "../api.ts";
import { createRunView, h } from "../dom.ts";
import type { Page } from "../page.ts";

export const streamingPage: Page = {
  path: "streaming",
  title: "Streaming progress",
  summary: "Steps write progress with getWritable(); the page reads run.readable as NDJSON while the run goes on.",
  render(container) {
    const run = createRunView();
    const log = h("ul", { class: "log", "data-testid": "progress-log" });
    const start = h("button", { type: "button" }, "Process 8 items");
    start.addEventListener("click", async () => {
      run.reset();
      log.replaceChildren();
      const items = ["apples", "pears", "plums", "figs", "kiwis", "limes", "dates", "grapes"];
      const runId = await startRun("progress", [items]);
      run.update({ runId, status: "running" });
      await readNdjson(`/api/runs/${runId}/stream`, (value) => {
        const progress = value as { item: string; done: number; total: number };
        log.append(h("li", { "data-testid": "progress-line" }, `${progress.done}/${progress.total} ${progress.item}`));
      });
      await waitForRun(runId, run.update);
    });
    container.append(start, log, run.element);
  },
};
