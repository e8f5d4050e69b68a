import { waitForRun } from "./api.ts";
import { createRunView, h } from "./dom.ts";
import type { Page } from "./page.ts";
import { approvalPage } from "./pages/approval.ts";
import { birthdayPage } from "./pages/birthday.ts";
import { greetingPage } from "./pages/greeting.ts";
import { parallelPage } from "./pages/parallel.ts";
import { reminderPage } from "./pages/reminder.ts";
import { sagaPage } from "./pages/saga.ts";
import { signupPage } from "./pages/signup.ts";
import { streamingPage } from "./pages/streaming.ts";
import { webhooksPage } from "./pages/webhooks.ts";

const PAGES: Page[] = [
  greetingPage,
  signupPage,
  approvalPage,
  webhooksPage,
  streamingPage,
  sagaPage,
  parallelPage,
  birthdayPage,
  reminderPage,
];

function renderHome(container: HTMLElement) {
  container.append(
    h("h2", {}, "Examples"),
    h("p", {}, "Each page starts a workflow from the Workflow DevKit docs through an API route and shows its run."),
    h("ul", {}, ...PAGES.map((page) => h("li", {}, h("a", { href: `#/${page.path}` }, page.title), ` — ${page.summary}`))),
  );
}

/** `#/runs/<runId>`: one run's live status, e.g. to follow a run across a dev-server restart. */
function renderRun(container: HTMLElement, runId: string) {
  const run = createRunView();
  container.append(h("h2", {}, "Run"), run.element);
  run.update({ runId, status: "pending" });
  void waitForRun(runId, run.update);
}

function route() {
  const path = location.hash.replace(/^#\/?/, "");
  const page = PAGES.find((candidate) => candidate.path === path);
  const container = document.getElementById("page")!;
  container.replaceChildren();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("#nav a")) {
    if (link.getAttribute("href") === `#/${path}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const runId = /^runs\/([\w-]+)$/.exec(path)?.[1];
  if (runId) return renderRun(container, runId);
  if (!page) return renderHome(container);
  document.title = `${page.title} · vite-workflow playground`;
  container.append(h("h2", {}, page.title), h("p", {}, page.summary));
  page.render(container);
}

document.getElementById("nav")!.append(...PAGES.map((page) => h("a", { href: `#/${page.path}` }, page.title)));
addEventListener("hashchange", route);
route();
