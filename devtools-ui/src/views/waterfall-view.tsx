/** The run's waterfall: one row per step, sleep, hook and webhook, bars typed by kind and segment. */
import { formatClock, formatDuration, formatRelative } from "../state/format.ts";
import { axisTicks, toPercent, type Waterfall, type WaterfallRow } from "../state/waterfall.ts";

const KIND_ICON: Record<WaterfallRow["kind"], string> = { step: "ƒ", sleep: "◷", hook: "⚓", webhook: "⇄" };

export function WaterfallView(props: {
  waterfall: Waterfall;
  now: number;
  /** Calls a re-run copied from its origin instead of executing them. */
  reused?: readonly string[];
  selectedId?: string;
  onSelect: (id: string) => void;
}) {
  const { waterfall } = props;
  if (waterfall.rows.length === 0) {
    return <div class="empty muted">No steps, sleeps or hooks yet. They appear here as the workflow reaches them.</div>;
  }
  const ticks = axisTicks(waterfall);
  const span = waterfall.endAt - waterfall.startAt;
  return (
    <div class="waterfall" role="tree" aria-label="Waterfall">
      <div class="wf-axis">
        <div class="wf-label-col muted">{waterfall.rows.length} items · {formatDuration(span)}</div>
        <div class="wf-track">
          {ticks.map((t) => (
            <span key={t} class="tick" style={{ left: `${toPercent(waterfall, waterfall.startAt + t)}%` }}>{formatDuration(t)}</span>
          ))}
        </div>
      </div>
      {waterfall.rows.map((row) => (
        <button
          key={row.id}
          class={`wf-row kind-${row.kind}${row.id === props.selectedId ? " selected" : ""}`}
          role="treeitem"
          aria-selected={row.id === props.selectedId}
          data-item-id={row.id}
          data-status={row.status}
          onClick={() => props.onSelect(row.id)}
        >
          <div class="wf-label-col">
            <span class={`kind-icon kind-${row.kind}`} aria-hidden="true">{KIND_ICON[row.kind]}</span>
            <span class="wf-label" title={row.name}>
              {row.label}
              {row.ordinal !== undefined && <span class="ordinal muted"> #{row.ordinal}</span>}
              {row.argsPreview && <span class="args-preview muted mono">{row.argsPreview}</span>}
            </span>
            {row.kind === "sleep" && row.resumeAt !== undefined && <WakeTime row={row} now={props.now} />}
            {row.attempts.length > 1 && <span class="retries" title="attempts">×{row.attempts.length}</span>}
            {props.reused?.includes(row.id) && <span class="reused-pill" title="Result copied from the original run, not executed again">reused</span>}
            <span class={`row-status status-${row.status}`}>{row.status}</span>
          </div>
          <div class="wf-track">
            {ticks.map((t) => <span key={t} class="gridline" style={{ left: `${toPercent(waterfall, waterfall.startAt + t)}%` }} />)}
            {row.segments.map((segment, i) => {
              const left = toPercent(waterfall, segment.from);
              const width = Math.max(0.3, toPercent(waterfall, segment.to) - left);
              return (
                <span
                  key={i}
                  class={`seg seg-${segment.kind}${segment.open ? " open" : ""} status-${row.status}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                  title={`${segment.kind}${segment.attempt ? ` (attempt ${segment.attempt})` : ""}: ${formatDuration(segment.to - segment.from)}`}
                />
              );
            })}
            {row.markers.map((marker, i) => (
              <span key={`m${i}`} class={`marker marker-${marker.kind}`} style={{ left: `${toPercent(waterfall, marker.at)}%` }} title={marker.label} />
            ))}
            <span class="wf-times mono">
              {row.executingMs > 0 && <span title="executing">{formatDuration(row.executingMs)}</span>}
              {row.waitingMs > 0 && <span class="muted" title="waiting (queued, backoff, sleeping, awaiting payload)"> +{formatDuration(row.waitingMs)} wait</span>}
            </span>
          </div>
        </button>
      ))}
      <div class="legend muted">
        <span><i class="seg-swatch seg-queued" /> queued</span>
        <span><i class="seg-swatch seg-executing" /> executing</span>
        <span><i class="seg-swatch seg-backoff" /> retry backoff</span>
        <span><i class="seg-swatch seg-waiting" /> sleeping / awaiting</span>
      </div>
    </div>
  );
}

/** When a sleep wakes (or woke): the absolute time, and how far away it is while it still sleeps. */
function WakeTime({ row, now }: { row: WaterfallRow; now: number }) {
  const at = row.resumeAt!;
  const pending = row.status === "waiting";
  return (
    <span class="wake-time muted small" title={`resume due ${new Date(at).toISOString()}`}>
      {pending ? `wakes ${formatClock(at, now)} · ${formatRelative(at, now)}` : `woke ${formatClock(row.endedAt ?? at, now)}`}
    </span>
  );
}
