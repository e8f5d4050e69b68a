/** The raw event log: every event in order, expandable to its stored fields; a click moves the time cursor. */
import { useState } from "preact/hooks";
import type { WorkflowEvent } from "../../../runtime/events/event.ts";
import { ErrorView } from "../components/error-view.tsx";
import { ValueView } from "../components/value-tree.tsx";
import { formatDuration, formatTime } from "../state/format.ts";

const VALUE_FIELDS = ["input", "output", "result", "payload", "metadata"] as const;

export function EventLog(props: { events: readonly WorkflowEvent[]; cursor?: number; onCursor: (index: number) => void }) {
  const [open, setOpen] = useState<number | undefined>();
  if (props.events.length === 0) return <div class="empty muted">This run has no events.</div>;
  const t0 = props.events[0]?.createdAt ?? 0;
  return (
    <table class="event-log">
      <thead><tr><th>#</th><th>time</th><th>+</th><th>type</th><th>correlation</th><th /></tr></thead>
      <tbody>
        {props.events.map((event, index) => {
          const future = props.cursor !== undefined && index > props.cursor;
          const e = event as WorkflowEvent & Record<string, unknown>;
          return [
            <tr key={index} class={`${future ? "future" : ""}${index === props.cursor ? " current" : ""}`} data-event-type={event?.type}>
              <td class="mono muted">{index}</td>
              <td class="mono">{formatTime(event?.createdAt)}</td>
              <td class="mono muted">{formatDuration((event?.createdAt ?? t0) - t0)}</td>
              <td><span class={`etype etype-${String(event?.type).split("_")[0]}`}>{String(event?.type)}</span></td>
              <td class="mono muted">{typeof e?.correlationId === "string" ? e.correlationId : ""}</td>
              <td class="row-actions">
                <button class="link" onClick={() => setOpen(open === index ? undefined : index)}>{open === index ? "hide" : "details"}</button>
                <button class="link" onClick={() => props.onCursor(index)} title="Show the run as of this event">⏱ here</button>
              </td>
            </tr>,
            open === index && (
              <tr key={`${index}-d`} class="details">
                <td colSpan={6}>
                  {VALUE_FIELDS.map((field) => typeof e[field] === "string" && <ValueView key={field} label={field} serialized={e[field] as string} />)}
                  {e.type === "run_failed" || e.type === "step_failed" ? <ErrorView error={e.error as never} /> : null}
                  <pre class="mono raw">{JSON.stringify(event, null, 2)}</pre>
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}
