/** Details of the selected waterfall item: inputs, outputs, errors, attempts, its events, and actions. */
import type { WorkflowEvent } from "../../../runtime/events/event.ts";
import type { RunState } from "../../../runtime/events/reduce-run.ts";
import { Id } from "../components/copy-button.tsx";
import { ErrorView } from "../components/error-view.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { ValueView } from "../components/value-tree.tsx";
import { formatDuration, formatTime } from "../state/format.ts";
import type { WaterfallRow } from "../state/waterfall.ts";
import { ResumeHookForm, WebhookTestForm, webhookUrl } from "./hook-forms.tsx";
import { StepLogs } from "./step-logs.tsx";

export function ItemPanel(props: {
  runId: string;
  row: WaterfallRow;
  state: RunState;
  events: readonly WorkflowEvent[];
  finished: boolean;
  timeTravel: boolean;
  onClose: () => void;
  onRerunFrom: (stepId: string) => void;
  onWake: (waitId: string) => void;
}) {
  const { row, state } = props;
  const step = state.steps[row.id];
  const wait = state.waits[row.id];
  const hook = state.hooks[row.id];
  return (
    <aside class="item-panel" aria-label={`Details of ${row.label}`}>
      <header class="panel-head">
        <div>
          <div class="panel-title">
            <span class={`kind-pill kind-${row.kind}`}>{row.kind}</span>
            <strong>{row.label}</strong>
            <StatusBadge status={row.status} />
          </div>
          <div class="muted small"><Id value={row.id} /> {row.kind === "step" && <code class="mono">{row.name}</code>}</div>
        </div>
        <button class="icon-button" onClick={props.onClose} aria-label="Close details" title="Close (Esc)">✕</button>
      </header>
      <dl class="facts">
        <dt>Created</dt><dd>{formatTime(row.createdAt)}</dd>
        {row.endedAt !== undefined && (<><dt>Ended</dt><dd>{formatTime(row.endedAt)}</dd></>)}
        <dt>Executing</dt><dd>{formatDuration(row.executingMs)}</dd>
        <dt>Waiting</dt><dd>{formatDuration(row.waitingMs)}</dd>
        {wait && (<><dt>Resume at</dt><dd>{formatTime(wait.resumeAt)}</dd></>)}
      </dl>

      {step && (
        <>
          <div class="panel-actions">
            <button disabled={props.timeTravel} onClick={() => props.onRerunFrom(row.id)} title="Start a new run that reuses the recorded results of everything before this step">
              ↻ Re-run from this step
            </button>
          </div>
          <ValueView label="Input" serialized={step.input} />
          {step.result !== undefined && <ValueView label="Output" serialized={step.result} />}
          {row.attempts.length > 0 && (
            <table class="attempts">
              <thead><tr><th>#</th><th>queued</th><th>started</th><th>ran</th><th>outcome</th></tr></thead>
              <tbody>
                {row.attempts.map((a) => (
                  <tr key={a.attempt}>
                    <td>{a.attempt}</td>
                    <td class="mono">{formatTime(a.queuedAt)}</td>
                    <td class="mono">{formatTime(a.startedAt)}</td>
                    <td class="mono">{a.startedAt !== undefined && a.endedAt !== undefined ? formatDuration(a.endedAt - a.startedAt) : "—"}</td>
                    <td><span class={`row-status status-${a.outcome}`}>{a.outcome}</span>{a.error && <span class="muted"> {a.error.message}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {step.attempts.map((attempt, i) => attempt.error && (
            // Only the last attempt's error is the step's own (failed, or about to retry); earlier ones stay folded.
            <details key={attempt.attempt} class="attempt-error" open={i === step.attempts.length - 1 && step.status !== "completed"}>
              <summary class="small">attempt {attempt.attempt} failed{i < step.attempts.length - 1 ? ", then retried" : ""}</summary>
              <ErrorView error={attempt.error} />
            </details>
          ))}
          <StepLogs runId={props.runId} step={step} live={step.status === "running" && !props.finished && !props.timeTravel} />
        </>
      )}

      {wait && !wait.completed && !props.finished && (
        <div class="panel-actions">
          <button class="primary" disabled={props.timeTravel} onClick={() => props.onWake(row.id)}>☀ Wake now</button>
        </div>
      )}

      {hook && (
        <>
          <div class="facts-block">
            <div class="muted small">Token</div>
            <Id value={hook.token} />
            {hook.kind === "webhook" && (
              <>
                <div class="muted small">URL</div>
                <Id value={webhookUrl(hook.token)} />
              </>
            )}
          </div>
          {hook.metadata !== undefined && <ValueView label="Metadata" serialized={hook.metadata} />}
          {hook.payloads.map((payload, i) => <ValueView key={i} label={`Payload #${i + 1}`} serialized={payload} />)}
          {!hook.disposed && !props.finished && !props.timeTravel && (
            hook.kind === "webhook" ? <WebhookTestForm url={webhookUrl(hook.token)} /> : <ResumeHookForm token={hook.token} />
          )}
        </>
      )}

      <h4>Events</h4>
      <ol class="mini-events mono">
        {row.eventIndices.map((index) => {
          const event = props.events[index];
          return event ? <li key={index}><span class="muted">#{index}</span> {event.type} <span class="muted">{formatTime(event.createdAt)}</span></li> : null;
        })}
      </ol>
    </aside>
  );
}
