/**
 * The raw event log: every event in order, windowed (only the rows in view are in the DOM, so a run with
 * thousands of events opens as fast as a small one). A row's details open below the list; a click on
 * "here" moves the time cursor.
 */
import { useState } from "preact/hooks";
import type { WorkflowEvent } from "../../../runtime/events/event.ts";
import { ErrorView } from "../components/error-view.tsx";
import { ValueView } from "../components/value-tree.tsx";
import { formatDuration, formatTime } from "../state/format.ts";
import { useVirtualWindow } from "../components/use-virtual-window.ts";

const VALUE_FIELDS = ["input", "output", "result", "payload", "metadata"] as const;
export const EVENT_ROW_HEIGHT = 28;

export function EventLog(props: { events: readonly WorkflowEvent[]; cursor?: number; onCursor: (index: number) => void }) {
  const [open, setOpen] = useState<number | undefined>();
  // The time cursor's row stays in view when it moves (from the scrubber or a deep link).
  const { ref, win, onScroll } = useVirtualWindow({ count: props.events.length, rowHeight: EVENT_ROW_HEIGHT, activeIndex: props.cursor });

  if (props.events.length === 0) return <div class="empty muted">This run has no events.</div>;
  const t0 = props.events[0]?.createdAt ?? 0;
  const rows = [];
  for (let index = win.start; index < win.end; index++) {
    const event = props.events[index];
    const e = event as WorkflowEvent & Record<string, unknown>;
    const future = props.cursor !== undefined && index > props.cursor;
    rows.push(
      <div
        key={index}
        role="row"
        class={`ev-row${future ? " future" : ""}${index === props.cursor ? " current" : ""}${index === open ? " open" : ""}`}
        data-event-type={event?.type}
        data-index={index}
      >
        <span role="cell" class="mono muted">{index}</span>
        <span role="cell" class="mono">{formatTime(event?.createdAt)}</span>
        <span role="cell" class="mono muted">{formatDuration((event?.createdAt ?? t0) - t0)}</span>
        <span role="cell"><span class={`etype etype-${String(event?.type).split("_")[0]}`}>{String(event?.type)}</span></span>
        <span role="cell" class="mono muted ev-correlation">{typeof e?.correlationId === "string" ? e.correlationId : ""}</span>
        <span role="cell" class="row-actions">
          <button class="link" onClick={() => setOpen(open === index ? undefined : index)}>{open === index ? "hide" : "details"}</button>
          <button class="link" onClick={() => props.onCursor(index)} title="Show the run as of this event">⏱ here</button>
        </span>
      </div>,
    );
  }
  const opened = open !== undefined ? (props.events[open] as (WorkflowEvent & Record<string, unknown>) | undefined) : undefined;
  return (
    <div class="event-log-wrap">
      <div class="event-log" role="table" aria-label="Events" aria-rowcount={props.events.length}>
        <div role="row" class="ev-row ev-head">
          <span role="columnheader">#</span><span role="columnheader">time</span><span role="columnheader">+</span>
          <span role="columnheader">type</span><span role="columnheader">correlation</span><span role="columnheader" />
        </div>
        <div class="ev-scroll" ref={ref} onScroll={onScroll}>
          <div role="rowgroup" style={{ height: `${win.totalHeight}px`, position: "relative" }}>
            <div style={{ transform: `translateY(${win.offsetTop}px)` }}>{rows}</div>
          </div>
        </div>
      </div>
      {opened && (
        <section class="event-details" aria-label={`Event #${open}`}>
          <header class="panel-title">
            <strong>#{open} {String(opened.type)}</strong>
            <div class="spacer" />
            <button class="icon-button" aria-label="Close event details" onClick={() => setOpen(undefined)}>✕</button>
          </header>
          {VALUE_FIELDS.map((field) => typeof opened[field] === "string" && <ValueView key={field} label={field} serialized={opened[field] as string} />)}
          {opened.type === "run_failed" || opened.type === "step_failed" ? <ErrorView error={opened.error as never} /> : null}
          <pre class="mono raw">{JSON.stringify(opened, null, 2)}</pre>
        </section>
      )}
    </div>
  );
}
