/** The left pane: search, filters and the virtualised live list of runs. */
import type { Ref } from "preact";
import type { RunStatus } from "../../../runtime/events/event.ts";
import { StatusBadge } from "../components/status-badge.tsx";
import { VirtualList } from "../components/virtual-list.tsx";
import { formatDuration, formatRelative, formatTime, shortWorkflowName } from "../state/format.ts";
import type { RunFilter, RunRow } from "../state/run-list.ts";
import { useNow } from "./use-now.ts";

const STATUSES: RunStatus[] = ["running", "pending", "completed", "failed", "cancelled"];
export const RUN_ROW_HEIGHT = 52;

export function RunListView(props: {
  runs: RunRow[];
  total: number;
  counts: Record<RunStatus, number>;
  workflows: string[];
  filter: RunFilter;
  onFilter: (filter: RunFilter) => void;
  activeIndex: number;
  selectedRunId?: string;
  onOpen: (runId: string, index: number) => void;
  searchRef: Ref<HTMLInputElement>;
  loading: boolean;
  error?: string;
  onStart: () => void;
}) {
  const { filter, onFilter } = props;
  // Durations of unfinished runs move every frame or so; with none on screen only "12s ago" labels move.
  const anyUnfinished = props.runs.some((run) => run.status === "running" || run.status === "pending");
  const now = useNow(anyUnfinished ? 250 : 1000);
  return (
    <section class="run-list" aria-label="Runs">
      <div class="list-tools">
        <input
          ref={props.searchRef}
          class="search"
          type="search"
          placeholder="Search run id or input…  ( / )"
          aria-label="Search runs"
          value={filter.search ?? ""}
          onInput={(e) => onFilter({ ...filter, search: (e.currentTarget as HTMLInputElement).value })}
          onKeyDown={(e) => e.key === "Escape" && (e.currentTarget as HTMLInputElement).blur()}
        />
        <select
          aria-label="Filter by workflow"
          value={filter.workflow ?? ""}
          onChange={(e) => onFilter({ ...filter, workflow: (e.currentTarget as HTMLSelectElement).value || undefined })}
        >
          <option value="">All workflows</option>
          {props.workflows.map((id) => (
            <option key={id} value={id} title={id}>{shortWorkflowName(id)}</option>
          ))}
        </select>
      </div>
      <div class="chips" role="group" aria-label="Filter by status">
        <button class={!filter.status ? "chip active" : "chip"} onClick={() => onFilter({ ...filter, status: undefined })}>
          all <span class="count">{props.total}</span>
        </button>
        {STATUSES.map((status) => (
          <button
            key={status}
            class={filter.status === status ? `chip active status-${status}` : `chip status-${status}`}
            aria-pressed={filter.status === status}
            onClick={() => onFilter({ ...filter, status: filter.status === status ? undefined : status })}
          >
            <span class="dot" />
            {status} <span class="count">{props.counts[status]}</span>
          </button>
        ))}
      </div>
      {props.error && <div class="banner error">{props.error}</div>}
      {props.runs.length === 0 ? (
        <EmptyRuns filtered={props.total > 0} loading={props.loading} onStart={props.onStart} />
      ) : (
        <VirtualList
          label="Runs"
          items={props.runs}
          rowHeight={RUN_ROW_HEIGHT}
          activeIndex={props.activeIndex}
          render={(run, index) => (
            <RunRowView
              key={run.runId}
              run={run}
              now={now}
              active={index === props.activeIndex}
              selected={run.runId === props.selectedRunId}
              onOpen={() => props.onOpen(run.runId, index)}
            />
          )}
        />
      )}
    </section>
  );
}

function RunRowView({ run, now, active, selected, onOpen }: { run: RunRow; now: number; active: boolean; selected: boolean; onOpen: () => void }) {
  const end = run.completedAt ?? (run.status === "running" || run.status === "pending" ? now : undefined);
  return (
    <div
      class={`run-row${active ? " active" : ""}${selected ? " selected" : ""}`}
      role="option"
      aria-selected={selected}
      data-run-id={run.runId}
      style={{ height: `${RUN_ROW_HEIGHT}px` }}
      onClick={onOpen}
    >
      <div class="run-row-top">
        <StatusBadge status={run.status} />
        <span class="wf-name" title={run.workflowName}>{shortWorkflowName(run.workflowName)}</span>
        <span class="duration mono">{formatDuration(end !== undefined ? end - (run.startedAt ?? run.createdAt) : undefined)}</span>
      </div>
      <div class="run-row-bottom">
        <code class="mono muted">{run.runId}</code>
        <span class="muted" title={formatTime(run.createdAt)}>{formatRelative(run.createdAt, now)}</span>
      </div>
    </div>
  );
}

function EmptyRuns({ filtered, loading, onStart }: { filtered: boolean; loading: boolean; onStart: () => void }) {
  if (loading) return <div class="empty muted">Loading runs…</div>;
  if (filtered) return <div class="empty"><p>No run matches these filters.</p></div>;
  return (
    <div class="empty">
      <h3>No runs yet</h3>
      <p>Start a workflow from your app code:</p>
      <pre class="mono">{`import { start } from "workflow/api";\nconst run = await start(myWorkflow, [arg]);`}</pre>
      <p>…or start one right here.</p>
      <button class="primary" onClick={onStart}>Start a run</button>
    </div>
  );
}
