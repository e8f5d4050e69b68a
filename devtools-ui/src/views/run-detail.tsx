/** The right pane: one run's header, actions, time-travel scrubber and its tabs. */
import { useMemo, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { Id } from "../components/copy-button.tsx";
import { ErrorView } from "../components/error-view.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { ValueView } from "../components/value-tree.tsx";
import { formatDuration, formatTime, shortWorkflowName } from "../state/format.ts";
import type { RunTab } from "../state/route.ts";
import { buildRunView, isFinished, pendingWaits, runDuration, runOrigin, runProblem } from "../state/run-view.ts";
import { EventLog } from "./event-log.tsx";
import { HooksView } from "./hooks-view.tsx";
import { CancelConfirmation } from "./cancel-confirmation.tsx";
import { ItemNotFound } from "./item-not-found.tsx";
import { ItemPanel } from "./item-panel.tsx";
import { StreamsView } from "./streams-view.tsx";
import { useNow } from "./use-now.ts";
import { useReruns } from "./use-reruns.ts";
import { useRunDetail } from "./use-run-detail.ts";
import { WaterfallView } from "./waterfall-view.tsx";

export function RunDetail(props: {
  runId: string;
  tab: RunTab;
  itemId?: string;
  /** Time travel: index of the last event shown, from the URL; `undefined` shows the run live. */
  cursor?: number;
  onCursor: (cursor: number | undefined) => void;
  onNavigate: (tab: RunTab, itemId?: string) => void;
  onOpenRun: (runId: string) => void;
  notify: (message: string, kind?: "ok" | "err") => void;
}) {
  const detail = useRunDetail(props.runId);
  const reruns = useReruns(props.runId);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  // A cursor past the end of the log (a stale link) shows the run live.
  const cursor = props.cursor !== undefined && props.cursor < detail.events.length - 1 ? props.cursor : undefined;
  const setCursor = props.onCursor;
  const timeTravel = cursor !== undefined;
  // Only a live view of an unfinished run has bars growing with the clock; anything else stays still.
  const [ticking, setTicking] = useState(true);
  const now = useNow(250, ticking && !timeTravel);
  const view = useMemo(() => buildRunView(detail.events, { now, cursor }), [detail.events, now, cursor]);
  const { state, waterfall } = view;
  const finished = isFinished(state);
  const shouldTick = !finished || detail.status === "loading";
  if (ticking !== shouldTick) setTicking(shouldTick);
  const selected = props.itemId ? waterfall.rows.find((row) => row.id === props.itemId) : undefined;

  if (detail.status === "loading") return <div class="detail empty muted">Loading run…</div>;
  if (detail.status === "missing") {
    return (
      <div class="detail empty">
        <h3>Run not found</h3>
        <p class="muted">No run <code class="mono">{props.runId}</code> in this data directory. It may have been deleted, or the link is from another project.</p>
      </div>
    );
  }

  const act = async (label: string, action: () => Promise<unknown>, open?: (result: unknown) => string | undefined) => {
    try {
      const result = await action();
      props.notify(`${label}: done`);
      const next = open?.(result);
      if (next) props.onOpenRun(next);
    } catch (error) {
      props.notify(`${label} failed: ${(error as Error).message}`, "err");
    }
  };
  const duration = runDuration(state, view.at);
  const origin = runOrigin(detail.events);
  const waits = pendingWaits(state);

  return (
    <div class="detail">
      {detail.status === "error" && <div class="banner error">{detail.error}</div>}
      <header class="run-header">
        <div class="run-title">
          <StatusBadge status={state.status} />
          <h2 title={state.workflowName}>{state.workflowName ? shortWorkflowName(state.workflowName) : "(unknown workflow)"}</h2>
          <div class="spacer" />
          <div class="actions">
            {!finished && <button class="danger" disabled={timeTravel || confirmingCancel} onClick={() => setConfirmingCancel(true)}>■ Cancel</button>}
            {!finished && waits.length > 0 && (
              <button disabled={timeTravel} onClick={() => act("Wake", () => Promise.all(waits.map((w) => api.wake(props.runId, w))))}>☀ Wake now</button>
            )}
            <button onClick={() => act("Re-run", () => api.rerun(props.runId), newRunId)} title="Start a new run with the same input">↻ Re-run</button>
          </div>
        </div>
        {origin && (
          <p class="run-origin">
            Re-run of <a href={`#/runs/${origin.runId}`} class="mono">{origin.runId}</a>
            {origin.fromStepCorrelationId && <> from step <span class="mono">{origin.fromStepCorrelationId}</span></>}
          </p>
        )}
        {reruns.runs.length > 0 && (
          <p class="run-reruns">
            Re-runs:
            {reruns.runs.map((run) => (
              <span key={run.runId} class="rerun">
                <a href={`#/runs/${run.runId}`} class="mono">{run.runId}</a> <StatusBadge status={run.status} />
              </span>
            ))}
            {!reruns.complete && <span class="muted"> (among the most recent runs after this one)</span>}
          </p>
        )}
        {confirmingCancel && !finished && (
          <CancelConfirmation
            onConfirm={() => {
              setConfirmingCancel(false);
              void act("Cancel", () => api.cancel(props.runId));
            }}
            onDismiss={() => setConfirmingCancel(false)}
          />
        )}
        <dl class="facts">
          <dt>Run</dt><dd><Id value={props.runId} /></dd>
          <dt>Workflow</dt><dd>{state.workflowName ? <Id value={state.workflowName} /> : "—"}</dd>
          <dt>Created</dt><dd>{formatTime(state.createdAt)}</dd>
          <dt>Started</dt><dd>{formatTime(state.startedAt)}</dd>
          <dt>Ended</dt><dd>{formatTime(state.completedAt)}</dd>
          <dt>Duration</dt><dd class="mono">{formatDuration(duration)}</dd>
        </dl>
        <div class="io">
          <ValueView label="Input" serialized={state.input} />
          {state.status === "completed" && <ValueView label="Output" serialized={state.output} />}
          {(state.status === "failed" || detail.damage) && <ErrorView error={runProblem(state, detail.damage)} />}
          {state.status === "cancelled" && <div class="banner">Cancelled{state.cancelReason ? `: ${state.cancelReason}` : ""}.</div>}
        </div>
      </header>

      <TimeTravel count={detail.events.length} cursor={cursor} events={detail.events} onCursor={setCursor} />

      <nav class="tabs" role="tablist">
        {(["timeline", "events", "streams", "hooks"] as RunTab[]).map((tab) => (
          <button key={tab} role="tab" aria-selected={props.tab === tab} class={props.tab === tab ? "tab active" : "tab"} onClick={() => props.onNavigate(tab)}>
            {tab}
            <span class="count">
              {tab === "events" ? view.events.length : tab === "streams" ? detail.streams.length : tab === "hooks" ? Object.keys(state.hooks).length : waterfall.rows.length}
            </span>
          </button>
        ))}
      </nav>

      <div class="tab-body">
        {props.tab === "timeline" && (
          <div class={props.itemId ? "timeline with-panel" : "timeline"}>
            <WaterfallView waterfall={waterfall} now={view.at} reused={origin?.reused} selectedId={props.itemId} onSelect={(id) => props.onNavigate("timeline", id === props.itemId ? undefined : id)} />
            {props.itemId && !selected && <ItemNotFound itemId={props.itemId} timeTravel={timeTravel} onClose={() => props.onNavigate("timeline")} />}
            {selected && (
              <ItemPanel
                runId={props.runId}
                row={selected}
                state={state}
                events={view.events}
                finished={finished}
                timeTravel={timeTravel}
                onClose={() => props.onNavigate("timeline")}
                onRerunFrom={(stepId) => act("Re-run from step", () => api.rerunFrom(props.runId, stepId), newRunId)}
                onWake={(waitId) => act("Wake", () => api.wake(props.runId, waitId))}
              />
            )}
          </div>
        )}
        {props.tab === "events" && <EventLog events={detail.events} cursor={cursor} onCursor={setCursor} />}
        {props.tab === "streams" && <StreamsView streams={detail.streams} />}
        {props.tab === "hooks" && <HooksView state={state} finished={finished} timeTravel={timeTravel} />}
      </div>
    </div>
  );
}

function newRunId(result: unknown): string | undefined {
  return (result as { runId?: string }).runId;
}

function TimeTravel(props: { count: number; cursor?: number; events: readonly { type: string; createdAt: number }[]; onCursor: (cursor: number | undefined) => void }) {
  if (props.count === 0) return null;
  const value = props.cursor ?? props.count - 1;
  const event = props.events[value];
  return (
    <div class={props.cursor === undefined ? "time-travel" : "time-travel active"}>
      <span class="muted small">Time travel</span>
      <input
        type="range"
        min={0}
        max={props.count - 1}
        value={value}
        aria-label="Event cursor"
        onInput={(e) => {
          const next = Number((e.currentTarget as HTMLInputElement).value);
          props.onCursor(next >= props.count - 1 ? undefined : next);
        }}
      />
      <span class="mono small">
        {value + 1}/{props.count} · {event?.type} · {formatTime(event?.createdAt)}
      </span>
      {props.cursor !== undefined ? (
        <button class="link" onClick={() => props.onCursor(undefined)}>back to live</button>
      ) : (
        <span class="live-pill">live</span>
      )}
    </div>
  );
}
