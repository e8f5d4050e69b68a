/** All hooks and webhooks of the run, with their tokens, payloads and the resume / test-request forms. */
import type { RunState } from "../../../runtime/events/reduce-run.ts";
import { Id } from "../components/copy-button.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { ValueView } from "../components/value-tree.tsx";
import { formatTime } from "../state/format.ts";
import { hookStatus } from "../state/run-view.ts";
import { ResumeHookForm, WebhookTestForm, webhookUrl } from "./hook-forms.tsx";

export function HooksView({ state, finished, timeTravel }: { state: RunState; finished: boolean; timeTravel: boolean }) {
  const hooks = Object.values(state.hooks);
  if (hooks.length === 0) {
    return <div class="empty muted">This run has no hooks. <code>createHook()</code> and <code>createWebhook()</code> calls appear here with their tokens.</div>;
  }
  return (
    <div class="hooks">
      {hooks.map((hook) => {
        const live = !hook.disposed && !finished;
        return (
          <section key={hook.hookId} class="hook-card" data-token={hook.token}>
            <header class="panel-title">
              <span class={`kind-pill kind-${hook.kind}`}>{hook.kind}</span>
              <Id value={hook.token} />
              <StatusBadge status={hookStatus(hook, finished)} />
              <span class="muted small">created {formatTime(hook.createdAt)} · {hook.receivedCount} payload(s)</span>
            </header>
            {hook.kind === "webhook" && <div class="facts-block"><span class="muted small">URL</span> <Id value={webhookUrl(hook.token)} /></div>}
            {hook.payloads.map((payload, i) => <ValueView key={i} label={`Payload #${i + 1}`} serialized={payload} />)}
            {live && !timeTravel && (hook.kind === "webhook" ? <WebhookTestForm url={webhookUrl(hook.token)} /> : <ResumeHookForm token={hook.token} />)}
          </section>
        );
      })}
    </div>
  );
}
